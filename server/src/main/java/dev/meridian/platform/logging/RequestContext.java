package dev.meridian.platform.logging;

import java.util.Optional;

/**
 * The request id (and trace id, when the request is traced) of the HTTP request the current thread is serving, for
 * log lines written while serving it.
 */
public final class RequestContext {
    static final ScopedValue<String> REQUEST_ID = ScopedValue.newInstance();
    static final ScopedValue<String> TRACE_ID = ScopedValue.newInstance();

    private RequestContext() {}

    public static Optional<String> requestId() {
        return REQUEST_ID.isBound() ? Optional.of(REQUEST_ID.get()) : Optional.empty();
    }

    public static Optional<String> traceId() {
        return TRACE_ID.isBound() ? Optional.of(TRACE_ID.get()) : Optional.empty();
    }

    /** Runs {@code work} with {@code requestId} visible to every log line it writes. */
    public static void runWith(String requestId, Runnable work) {
        ScopedValue.where(REQUEST_ID, requestId).run(work);
    }

    /** Runs {@code work} with {@code requestId} and {@code traceId} visible to every log line it writes. */
    public static void runWith(String requestId, String traceId, Runnable work) {
        ScopedValue.where(REQUEST_ID, requestId).where(TRACE_ID, traceId).run(work);
    }
}
