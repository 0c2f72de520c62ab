package dev.meridian.account.adapters;

import com.password4j.Argon2Function;
import dev.meridian.account.app.PasswordHashingBusyException;
import dev.meridian.account.app.Passwords;
import dev.meridian.platform.cpu.ForegroundWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id on a {@link HashingPool}, stored as PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$tag}). Each
 * hash holds m KiB of memory and a core for tens of milliseconds, so the pool, not the number of waiting requests,
 * decides how many run at once; when it is saturated the caller is refused at once ({@link
 * PasswordHashingBusyException}, a 503).
 *
 * <p>Every pool thread hashes with its own {@link Argon2id} and so reuses the same block memory for every hash: no
 * 19 MiB of fresh heap per login for the kernel to clear and the collector to chase. Stored hashes this class does
 * not compute itself (Argon2i, Argon2d, version 1.0) are still verified, by password4j, and reported as outdated.
 */
public final class Argon2Passwords implements Passwords, AutoCloseable {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private final Argon2Settings settings;
    private final HashingPool pool;
    private final SecureRandom random = new SecureRandom();
    /** One working memory per pool thread; only pool threads ever hash. */
    private final ThreadLocal<Argon2id> argon2;

    private final String dummyHash;

    /** Hashing that never pauses (tools and tests without a world). */
    public Argon2Passwords(Argon2Settings settings) {
        this(settings, new ForegroundWork());
    }

    /** @param foreground work a hash pauses for at its checkpoints (the zones' ticks), at most 100 ms a hash */
    public Argon2Passwords(Argon2Settings settings, ForegroundWork foreground) {
        this.settings = settings;
        this.argon2 = ThreadLocal.withInitial(() -> new Argon2id(foreground::pause, ForegroundWork.MAX_PAUSE_PER_TASK));
        this.pool = new HashingPool(settings.threads(), settings.queue());
        byte[] bytes = new byte[SALT_BYTES];
        random.nextBytes(bytes);
        this.dummyHash = hash(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String hash(String password) {
        return pool.run(() -> hashNow(password));
    }

    @Override
    public Verification verify(String password, String hash) {
        return pool.run(() -> verifyNow(password, hash));
    }

    @Override
    public void verifyNothing(String password) {
        pool.run(() -> verifyNow(password, dummyHash));
    }

    private String hashNow(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Parameters parameters =
                new Parameters(settings.memoryKib(), settings.iterations(), settings.parallelism(), salt, HASH_BYTES);
        return parameters.phc(compute(password, parameters));
    }

    private Verification verifyNow(String password, String hash) {
        Optional<Parameters> parsed = Parameters.parse(hash);
        if (parsed.isEmpty()) {
            boolean matches = Argon2Function.getInstanceFromHash(hash).check(password, hash);
            return new Verification(matches, matches);
        }
        Parameters stored = parsed.get();
        boolean matches = MessageDigest.isEqual(compute(password, stored), stored.tag());
        return new Verification(matches, matches && !stored.sameCost(settings, HASH_BYTES));
    }

    private byte[] compute(String password, Parameters parameters) {
        return argon2.get()
                .hash(
                        password.getBytes(StandardCharsets.UTF_8),
                        parameters.salt(),
                        parameters.memoryKib(),
                        parameters.iterations(),
                        parameters.parallelism(),
                        parameters.length());
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The fields of an Argon2id v1.3 PHC string; {@code tag} is empty while hashing. */
    private record Parameters(int memoryKib, int iterations, int parallelism, byte[] salt, int length, byte[] tag) {

        Parameters(int memoryKib, int iterations, int parallelism, byte[] salt, int length) {
            this(memoryKib, iterations, parallelism, salt, length, new byte[0]);
        }

        static Optional<Parameters> parse(String hash) {
            Matcher matcher = PHC.matcher(hash);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            int memory = Integer.parseInt(matcher.group(1));
            int iterations = Integer.parseInt(matcher.group(2));
            int parallelism = Integer.parseInt(matcher.group(3));
            byte[] salt;
            byte[] tag;
            try {
                salt = Base64.getDecoder().decode(matcher.group(4));
                tag = Base64.getDecoder().decode(matcher.group(5));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (parallelism < 1 || memory < 8 * parallelism || iterations < 1 || tag.length < 4 || salt.length < 8) {
                return Optional.empty();
            }
            return Optional.of(new Parameters(memory, iterations, parallelism, salt, tag.length, tag));
        }

        String phc(byte[] tag) {
            return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                    + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(tag);
        }

        boolean sameCost(Argon2Settings settings, int hashBytes) {
            return memoryKib == settings.memoryKib()
                    && iterations == settings.iterations()
                    && parallelism == settings.parallelism()
                    && length == hashBytes;
        }
    }
}
