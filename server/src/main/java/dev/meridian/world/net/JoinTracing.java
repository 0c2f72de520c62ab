package dev.meridian.world.net;

import dev.meridian.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Spans of the world's join path (docs/operations.md, "Tracing"): {@code world.authenticate} for a connection's token
 * check, then {@code world.join} with its children {@code world.character_load} and {@code world.zone_enter}. They
 * continue the caller's W3C {@code traceparent} when the WebSocket upgrade or the gRPC headers carry one. Frames and
 * ticks are never traced. With tracing off no header is read and every span is a no-op.
 */
public final class JoinTracing {
    // keys() is deprecated in OpenTelemetry 1.68 but still abstract: every getter must implement it
    @SuppressWarnings("deprecation")
    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> headers) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> headers, String key) {
            return key == null ? null : headers.apply(key);
        }
    };

    private final Tracing tracing;

    public JoinTracing(Tracing tracing) {
        this.tracing = tracing;
    }

    public static JoinTracing off() {
        return new JoinTracing(Tracing.off());
    }

    /** The caller's trace context from the request's headers ({@code header} answers null for a missing one). */
    Context extract(Function<String, String> header) {
        if (!tracing.enabled()) {
            return Context.root();
        }
        return tracing.propagator().extract(Context.root(), header, HEADERS);
    }

    /**
     * Runs the token check in a {@code world.authenticate} span (the accounts store's spans become its children).
     *
     * @return the check's result and the context the connection's later spans continue
     */
    <T> Traced<T> authenticate(Context caller, Supplier<T> check) {
        if (!tracing.enabled()) {
            return new Traced<>(check.get(), Context.root());
        }
        Span span = tracing.tracer()
                .spanBuilder("world.authenticate")
                .setSpanKind(SpanKind.SERVER)
                .setParent(caller)
                .startSpan();
        Scope scope = span.makeCurrent();
        try {
            T value = check.get();
            return new Traced<>(
                    value,
                    Span.fromContext(caller).getSpanContext().isValid()
                            ? caller
                            : Context.root().with(span));
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            scope.close();
            span.end();
        }
    }

    record Traced<T>(T value, Context trace) {}

    /** A span under {@code parent}; a no-op span when tracing is off. */
    Span start(String name, Context parent) {
        return tracing.tracer().spanBuilder(name).setParent(parent).startSpan();
    }
}
