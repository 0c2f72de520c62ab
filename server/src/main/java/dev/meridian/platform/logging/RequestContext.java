package dev.meridian.platform.logging;

import java.util.Optional;

/** The request id of the HTTP request the current thread is serving, for log lines written while serving it. */
public final class RequestContext {
    static final ScopedValue<String> REQUEST_ID = ScopedValue.newInstance();

    private RequestContext() {}

    public static Optional<String> requestId() {
        return REQUEST_ID.isBound() ? Optional.of(REQUEST_ID.get()) : Optional.empty();
    }

    /** Runs {@code work} with {@code requestId} visible to every log line it writes. */
    public static void runWith(String requestId, Runnable work) {
        ScopedValue.where(REQUEST_ID, requestId).run(work);
    }
}
