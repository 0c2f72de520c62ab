package dev.meridian.account.domain;

import java.util.Optional;

/**
 * Length limits only, no composition rules (OWASP ASVS 4 V2.1): counted in code points so that a passphrase in any
 * script is measured as its user sees it.
 */
public record PasswordPolicy(int minLength, int maxLength) {
    /** ASVS V2.1.2: at least 128 characters must be permitted. */
    static final int LOWEST_ALLOWED_MAXIMUM = 128;

    public PasswordPolicy {
        if (minLength < 1 || maxLength < LOWEST_ALLOWED_MAXIMUM || maxLength < minLength) {
            throw new IllegalArgumentException(
                    "password lengths need 1 <= min <= max and max >= 128, got min=" + minLength + " max=" + maxLength);
        }
    }

    /** @return why the password is refused, or empty when it is acceptable */
    public Optional<String> problem(String password) {
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            return Optional.of("must be at least " + minLength + " characters");
        }
        if (length > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters");
        }
        return Optional.empty();
    }
}
