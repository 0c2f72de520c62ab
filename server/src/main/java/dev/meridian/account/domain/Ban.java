package dev.meridian.account.domain;

import java.time.Instant;
import java.util.Objects;

/** An account may not log in, refresh or play until {@code until}; {@code reason} is what its holder is told. */
public record Ban(Instant until, String reason) {
    public static final int MAX_REASON_LENGTH = 500;

    public Ban {
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("a ban's reason has 1 to " + MAX_REASON_LENGTH + " characters");
        }
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }
}
