package dev.meridian.world.domain;

import java.util.Objects;
import java.util.UUID;

/** The identity of a playable character (the {@code characters.id} column). */
public record CharacterId(UUID value) {
    public CharacterId {
        Objects.requireNonNull(value, "value");
    }

    /** @throws IllegalArgumentException when {@code text} is not a UUID */
    public static CharacterId parse(String text) {
        return new CharacterId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
