package dev.meridian.account.adapters;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.meridian.account.app.PasswordHashingBusyException;
import dev.meridian.account.app.Passwords;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Argon2id (password4j) on a {@link HashingPool}. Each hash holds m KiB of memory and a core for tens of
 * milliseconds, so the pool, not the number of waiting requests, decides how many run at once; when it is saturated
 * the caller is refused at once ({@link PasswordHashingBusyException}, a 503).
 */
public final class Argon2Passwords implements Passwords, AutoCloseable {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2Function function;
    private final HashingPool pool;
    private final String dummyHash;

    public Argon2Passwords(Argon2Settings settings) {
        this.function = Argon2Function.getInstance(
                settings.memoryKib(), settings.iterations(), settings.parallelism(), HASH_BYTES, Argon2.ID);
        this.pool = new HashingPool(settings.threads(), settings.queue());
        byte[] random = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(random);
        this.dummyHash = hashNow(HexFormat.of().formatHex(random));
    }

    @Override
    public String hash(String password) {
        return pool.run(() -> hashNow(password));
    }

    @Override
    public Verification verify(String password, String hash) {
        return pool.run(() -> {
            Argon2Function stored = Argon2Function.getInstanceFromHash(hash);
            boolean matches = stored.check(password, hash);
            return new Verification(matches, matches && !stored.equals(function));
        });
    }

    @Override
    public void verifyNothing(String password) {
        pool.run(() -> function.check(password, dummyHash));
    }

    private String hashNow(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(function).getResult();
    }

    @Override
    public void close() {
        pool.close();
    }
}
