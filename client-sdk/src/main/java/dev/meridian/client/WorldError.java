package dev.meridian.client;

import java.time.Duration;

/**
 * An error message from the world server, e.g. {@code not_found}, {@code rate_limited}, {@code session_replaced}
 * (docs/protocol.md lists them).
 *
 * @param code the stable machine-readable code
 * @param message human-readable text
 * @param cid the correlation id of the message that caused it, 0 when none
 * @param retryAfter when to try again ({@code server_full}), {@link Duration#ZERO} when the error does not say
 */
public record WorldError(String code, String message, int cid, Duration retryAfter) {
    public WorldError(String code, String message, int cid) {
        this(code, message, cid, Duration.ZERO);
    }
}
