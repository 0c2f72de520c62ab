package dev.meridian.account.domain;

import java.util.Objects;
import java.util.UUID;

/** The identity of an account: the subject of its access tokens. */
public record AccountId(UUID value) {
    public AccountId {
        Objects.requireNonNull(value, "value");
    }

    public static AccountId random() {
        return new AccountId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
