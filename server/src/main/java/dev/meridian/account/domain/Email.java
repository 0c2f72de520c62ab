package dev.meridian.account.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** An account's login: trimmed and lower-cased, so that one mailbox is always one account. */
public record Email(String value) {
    /**
     * Deliberately loose (one {@code @}, a dot in the domain, no spaces, no control characters such as U+0000, which
     * Postgres cannot store): the mailbox is the real validation.
     */
    private static final Pattern SHAPE = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");

    static final int MAX_LENGTH = 254;

    public Email {
        if (!valid(value)) {
            throw new IllegalArgumentException("not a normalised email address");
        }
    }

    /** @return the normalised address, or empty when the text is not an email address */
    public static Optional<Email> parse(String text) {
        String normalised = text.strip().toLowerCase(Locale.ROOT);
        return valid(normalised) ? Optional.of(new Email(normalised)) : Optional.empty();
    }

    private static boolean valid(String value) {
        return value.length() <= MAX_LENGTH
                && value.equals(value.strip().toLowerCase(Locale.ROOT))
                && SHAPE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
