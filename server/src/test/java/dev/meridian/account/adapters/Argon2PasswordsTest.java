package dev.meridian.account.adapters;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.meridian.account.app.Passwords;
import org.junit.jupiter.api.Test;

/** Real Argon2id with small parameters (the production ones take ≈50 ms per hash). */
class Argon2PasswordsTest {
    private static final Argon2Settings SMALL = new Argon2Settings(1024, 1, 1, 1, 1);

    @Test
    void aHashIsAnArgon2idPhcStringThatVerifies() {
        try (Argon2Passwords passwords = new Argon2Passwords(SMALL)) {
            String hash = passwords.hash("correct horse battery");
            assertThat(hash, startsWith("$argon2id$v=19$m=1024,t=1,p=1$"));
            assertThat(passwords.verify("correct horse battery", hash), is(new Passwords.Verification(true, false)));
            assertThat(passwords.verify("wrong horse battery", hash), is(new Passwords.Verification(false, false)));
            assertThat(passwords.hash("correct horse battery"), not(hash));
        }
    }

    @Test
    void aHashWithOtherParametersVerifiesAndIsOutdated() {
        String old;
        try (Argon2Passwords before = new Argon2Passwords(SMALL)) {
            old = before.hash("correct horse battery");
        }
        try (Argon2Passwords after = new Argon2Passwords(new Argon2Settings(2048, 2, 1, 1, 1))) {
            assertThat(after.verify("correct horse battery", old), is(new Passwords.Verification(true, true)));
            assertThat(after.verify("wrong", old), is(new Passwords.Verification(false, false)));
        }
    }

    @Test
    void hashesStoredByPassword4jStillVerifyAndOursVerifyThere() {
        String stored = Password.hash("correct horse battery")
                .addRandomSalt(16)
                .with(Argon2Function.getInstance(1024, 1, 1, 32, Argon2.ID))
                .getResult();
        try (Argon2Passwords passwords = new Argon2Passwords(SMALL)) {
            assertThat(passwords.verify("correct horse battery", stored), is(new Passwords.Verification(true, false)));
            assertThat(passwords.verify("wrong horse battery", stored), is(new Passwords.Verification(false, false)));
            String ours = passwords.hash("pässwörd ✓");
            assertThat(Password.check("pässwörd ✓", ours).with(Argon2Function.getInstanceFromHash(ours)), is(true));
        }
    }

    @Test
    void anotherArgon2VariantVerifiesAndIsOutdated() {
        String argon2i = Password.hash("correct horse battery")
                .addRandomSalt(16)
                .with(Argon2Function.getInstance(1024, 1, 1, 32, Argon2.I))
                .getResult();
        try (Argon2Passwords passwords = new Argon2Passwords(SMALL)) {
            assertThat(passwords.verify("correct horse battery", argon2i), is(new Passwords.Verification(true, true)));
            assertThat(passwords.verify("wrong", argon2i), is(new Passwords.Verification(false, false)));
        }
    }
}
