package dev.meridian.admin.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's words (a kick's or ban's reason, a broadcast): plain text of bounded length, without control
 * characters, which a log viewer or terminal could take for commands. Clients show it as text, never as markup.
 */
final class AdminText {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private AdminText() {}

    /** @return the stripped text, or empty when it is blank, longer than {@code max} or holds control characters */
    static Optional<String> parse(String text, int max) {
        String stripped = text.strip();
        if (stripped.isEmpty()
                || stripped.length() > max
                || CONTROL.matcher(stripped).find()) {
            return Optional.empty();
        }
        return Optional.of(stripped);
    }

    static String rule(int max) {
        return "must be 1 to " + max + " characters of text without control characters";
    }
}
