package dev.meridian.platform.http;

import dev.meridian.platform.logging.RequestContext;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * For every HTTP request: a request id (the caller's {@code X-Request-Id} when it is sane, else a new one) echoed
 * in the response and present on every log line written while serving it, one access-log line, and the
 * {@code http_server_requests} timer tagged by method, route template and status.
 */
public final class RequestObservation implements Filter {
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final System.Logger ACCESS = System.getLogger("dev.meridian.access");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final MeterRegistry registry;
    private final boolean accessLog;

    /** @param accessLog whether to write one log line per request ({@code server.access-log}) */
    public RequestObservation(MeterRegistry registry, boolean accessLog) {
        this.registry = registry;
        this.accessLog = accessLog;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String requestId = req.headers()
                .first(REQUEST_ID)
                .filter(id -> SANE_ID.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        res.header(REQUEST_ID, requestId);
        long start = System.nanoTime();
        RequestContext.runWith(requestId, () -> {
            try {
                chain.proceed();
            } finally {
                record(req, res, System.nanoTime() - start);
            }
        });
    }

    private void record(RoutingRequest req, RoutingResponse res, long nanos) {
        String route = req.matchingPattern().filter(p -> !p.isEmpty()).orElse("unmatched");
        int status = res.status().code();
        String method = req.prologue().method().text();
        registry.getOrCreate(Timer.builder("http_server_requests")
                        .description("HTTP requests by method, route template and status")
                        .tags(List.of(
                                Tag.create("method", method),
                                Tag.create("route", route),
                                Tag.create("status", Integer.toString(status)))))
                .record(Duration.ofNanos(nanos));
        if (accessLog && ACCESS.isLoggable(Level.INFO)) {
            ACCESS.log(
                    Level.INFO,
                    "event=http_request method=" + method + " path="
                            + req.prologue().uriPath().path() + " route=" + route + " status=" + status + " ms="
                            + String.format("%.2f", nanos / 1e6));
        }
    }
}
