package dev.meridian.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A request the server refused, or one that never got an answer.
 *
 * <p>For a server refusal, {@link #status()} is the HTTP status and {@link #code()} the stable machine-readable code
 * of the server's error body {@code {"error":"code","message":"...","fields":{...}}} (for example
 * {@code invalid_credentials}, {@code email_taken}, {@code validation_failed}). When no HTTP answer arrived
 * {@link #status()} is 0 and {@link #code()} is {@value #NETWORK_ERROR}.
 */
public final class MeridianApiException extends RuntimeException {
    /** The code of a failure that produced no HTTP response (connection refused, timeout, reset). */
    public static final String NETWORK_ERROR = "network_error";

    private final int status;
    private final String code;
    private final Map<String, String> fields;
    private final Duration retryAfter;

    /**
     * A refusal or failure; the SDK creates these, tools may too (e.g. to tag a failure with the step it happened in).
     *
     * @param status HTTP status, 0 when there was no response
     * @param code the server's error code, or {@value #NETWORK_ERROR}
     * @param message human-readable text
     * @param fields per-field validation messages (empty when none)
     * @param retryAfter the server's {@code Retry-After}, {@link Duration#ZERO} when absent
     * @param cause the underlying failure, may be {@code null}
     */
    public MeridianApiException(
            int status, String code, String message, Map<String, String> fields, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.fields = Map.copyOf(fields);
        this.retryAfter = retryAfter;
    }

    static MeridianApiException network(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new MeridianApiException(0, NETWORK_ERROR, message, Map.of(), Duration.ZERO, cause);
    }

    /** The HTTP status, or 0 when the request never got a response. */
    public int status() {
        return status;
    }

    /** The server's stable error code (e.g. {@code invalid_credentials}), or {@value #NETWORK_ERROR}. */
    public String code() {
        return code;
    }

    /** Per-field validation messages of a 400/422 answer; empty otherwise. */
    public Map<String, String> fields() {
        return fields;
    }

    /** How long the server asked us to wait (429/503 with {@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return retryAfter.isZero() ? Optional.empty() : Optional.of(retryAfter);
    }

    /** Whether trying again later can succeed: rate limited, overloaded, or no answer at all. */
    public boolean retryable() {
        return status == 0 || status == 429 || status == 503;
    }

    @Override
    public String toString() {
        return "MeridianApiException{status=" + status + ", code=" + code + ", message=" + getMessage() + "}";
    }
}
