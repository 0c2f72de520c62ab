package dev.meridian.character.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

public record CharacterId(UUID value) {
    public CharacterId {
        Objects.requireNonNull(value, "value");
    }

    public static CharacterId random() {
        return new CharacterId(UUID.randomUUID());
    }

    /** @return the id, or empty when the text is not a UUID in its canonical 36-character form */
    public static Optional<CharacterId> parse(String text) {
        if (text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CharacterId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
