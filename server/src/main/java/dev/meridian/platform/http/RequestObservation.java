package dev.meridian.platform.http;

import dev.meridian.platform.logging.RequestContext;
import dev.meridian.platform.tracing.Tracing;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For every HTTP request: a request id (the caller's {@code X-Request-Id} when it is sane, else a new one) echoed
 * in the response and present on every log line written while serving it, one access-log line, and the
 * {@code http_server_requests} timer tagged by method, route template and status.
 */
public final class RequestObservation implements Filter {
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final System.Logger ACCESS = System.getLogger("dev.meridian.access");
    private static final int MAX_ID_LENGTH = 64;
    private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    // keys() is deprecated in OpenTelemetry 1.68 but still abstract: every getter must implement it
    @SuppressWarnings("deprecation")
    private static final TextMapGetter<ServerRequestHeaders> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ServerRequestHeaders headers) {
            List<String> names = new ArrayList<>();
            headers.forEach(header -> names.add(header.name()));
            return names;
        }

        @Override
        public String get(ServerRequestHeaders headers, String key) {
            return key == null ? null : headers.first(HeaderNames.create(key)).orElse(null);
        }
    };

    private final MeterRegistry registry;
    private final boolean accessLog;
    private final Tracing tracing;
    private final RequestIds ids = new RequestIds();
    // looking a timer up in the registry builds its id, tags and builder every time: far costlier than recording
    private final ConcurrentHashMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    /** @param accessLog whether to write one log line per request ({@code server.access-log}) */
    public RequestObservation(MeterRegistry registry, boolean accessLog) {
        this(registry, accessLog, Tracing.off());
    }

    /** @param tracing when enabled, each request gets a server span, its trace id on the request's log lines */
    public RequestObservation(MeterRegistry registry, boolean accessLog, Tracing tracing) {
        this.registry = registry;
        this.accessLog = accessLog;
        this.tracing = tracing;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String requestId =
                req.headers().first(REQUEST_ID).filter(RequestObservation::sane).orElseGet(ids::next);
        res.header(REQUEST_ID, requestId);
        long start = System.nanoTime();
        if (tracing.enabled()) {
            traced(chain, req, res, requestId, start);
            return;
        }
        RequestContext.runWith(requestId, () -> {
            try {
                chain.proceed();
            } finally {
                record(req, res, System.nanoTime() - start);
            }
        });
    }

    /**
     * A server span around the request, child of the caller's W3C {@code traceparent} when it sent one, current while
     * the handler runs (so the ports' spans are its children) and named after the route once routing has matched it.
     */
    private void traced(FilterChain chain, RoutingRequest req, RoutingResponse res, String requestId, long start) {
        String method = req.prologue().method().text();
        Context parent = tracing.propagator().extract(Context.root(), req.headers(), HEADERS);
        Span span = tracing.tracer()
                .spanBuilder(method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(HTTP_METHOD, method)
                .setAttribute(URL_PATH, req.prologue().uriPath().path())
                .startSpan();
        Scope scope = span.makeCurrent();
        try {
            RequestContext.runWith(requestId, span.getSpanContext().getTraceId(), () -> {
                try {
                    chain.proceed();
                } finally {
                    String route = record(req, res, System.nanoTime() - start);
                    int status = res.status().code();
                    span.updateName(method + " " + route);
                    span.setAttribute(HTTP_ROUTE, route);
                    span.setAttribute(HTTP_STATUS, status);
                    if (status >= 500) {
                        span.setStatus(StatusCode.ERROR);
                    }
                }
            });
        } finally {
            scope.close();
            span.end();
        }
    }

    /** Records the timer (and the access-log line); returns the route template. */
    private String record(RoutingRequest req, RoutingResponse res, long nanos) {
        String route = req.matchingPattern().filter(p -> !p.isEmpty()).orElse("unmatched");
        int status = res.status().code();
        String method = req.prologue().method().text();
        timers.computeIfAbsent(new TimerKey(method, route, status), this::timer).record(Duration.ofNanos(nanos));
        if (accessLog && ACCESS.isLoggable(Level.INFO)) {
            ACCESS.log(
                    Level.INFO,
                    "event=http_request method=" + method + " path="
                            + req.prologue().uriPath().path() + " route=" + route + " status=" + status + " ms="
                            + millis(nanos));
        }
        return route;
    }

    private Timer timer(TimerKey key) {
        return registry.getOrCreate(Timer.builder("http_server_requests")
                .description("HTTP requests by method, route template and status")
                .tags(List.of(
                        Tag.create("method", key.method()),
                        Tag.create("route", key.route()),
                        Tag.create("status", Integer.toString(key.status())))));
    }

    /** A caller's id is echoed only when it is 1 to 64 characters of letters, digits, '.', '_' or '-'. */
    static boolean sane(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Milliseconds with two decimals, without {@code String.format}'s cost on every request. */
    static String millis(long nanos) {
        long hundredths = (nanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private record TimerKey(String method, String route, int status) {}
}
