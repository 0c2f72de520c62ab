package dev.meridian.account.domain;

import java.text.Normalizer;
import java.util.Optional;

/**
 * Length limits only, no composition rules (OWASP ASVS 4 V2.1): counted in code points so that a passphrase in any
 * script is measured as its user sees it. A password must be well-formed Unicode (an unpaired surrogate would reach
 * the hash as {@code ?}, so that other strings would match it), and is hashed in its NFKC form (NIST SP 800-63B
 * 5.1.1.2), so that the same characters typed on another keyboard or system still match.
 */
public record PasswordPolicy(int minLength, int maxLength) {
    /** ASVS V2.1.2: at least 128 characters must be permitted. */
    static final int LOWEST_ALLOWED_MAXIMUM = 128;

    public static final String NOT_UNICODE = "must be valid Unicode text";

    public PasswordPolicy {
        if (minLength < 1 || maxLength < LOWEST_ALLOWED_MAXIMUM || maxLength < minLength) {
            throw new IllegalArgumentException(
                    "password lengths need 1 <= min <= max and max >= 128, got min=" + minLength + " max=" + maxLength);
        }
    }

    /** @return why the password is refused, or empty when it is acceptable */
    public Optional<String> problem(String password) {
        if (!wellFormed(password)) {
            return Optional.of(NOT_UNICODE);
        }
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            return Optional.of("must be at least " + minLength + " characters");
        }
        if (length > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters");
        }
        return Optional.empty();
    }

    /** @return whether {@code text} has no unpaired surrogate, i.e. it can be encoded as UTF-8 without loss */
    public static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The form that is hashed and verified: NFKC. */
    public static String normalised(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }
}
