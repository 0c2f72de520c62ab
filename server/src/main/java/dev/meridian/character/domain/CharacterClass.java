package dev.meridian.character.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The playable classes; the wire and the database use the lower-case name. */
public enum CharacterClass {
    WARRIOR,
    MAGE,
    ROGUE,
    CLERIC,
    RANGER;

    /** The class of a character created without one. */
    public static final CharacterClass DEFAULT = WARRIOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Exact lower-case names only, as documented: {@code "Mage"} is refused rather than guessed. */
    public static Optional<CharacterClass> parse(String text) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(text)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(CharacterClass::wireName).collect(Collectors.joining(", "));
    }
}
