package dev.meridian.character.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * 3–16 ASCII letters, digits, {@code _} or {@code -}: the same rule as the SQL check constraint. ASCII only so that
 * look-alike letters from other scripts cannot impersonate a name; unique case-insensitively (enforced by the store).
 */
public record CharacterName(String value) {
    public static final String RULE = "3 to 16 characters: letters A-Z, digits, '_' or '-'";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{3,16}");

    public CharacterName {
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid character name");
        }
    }

    public static Optional<CharacterName> parse(String text) {
        return SHAPE.matcher(text).matches() ? Optional.of(new CharacterName(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
