package dev.meridian.account.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** One login's chain of refresh tokens: each refresh replaces the token, the family stays. */
public record FamilyId(UUID value) {
    public FamilyId {
        Objects.requireNonNull(value, "value");
    }

    public static FamilyId random() {
        return new FamilyId(UUID.randomUUID());
    }

    /** @return the id, or empty when the text is not a UUID */
    public static Optional<FamilyId> parse(String text) {
        try {
            return Optional.of(new FamilyId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
