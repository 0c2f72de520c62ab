package dev.meridian.account.domain;

import java.time.Instant;
import java.util.Objects;

/** A registered account; {@code passwordHash} is a PHC string (e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$...}). */
public record Account(AccountId id, Email email, String passwordHash, Instant createdAt) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "Account[id=" + id + "]";
    }
}
