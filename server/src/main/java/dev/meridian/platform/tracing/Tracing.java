package dev.meridian.platform.tracing;

import io.helidon.config.Config;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry traces (docs/operations.md, "Tracing"). Off unless {@code tracing.otlp.endpoint} is set: then nothing
 * is wrapped, no span is created and no context is extracted, so an untraced server pays one boolean test per
 * request. On: REST requests get server spans (a caller's W3C {@code traceparent} is their parent), the ports wrapped
 * by {@link #port} get a child span per call, and NATS publishes carry the {@code traceparent} of their request.
 */
public final class Tracing implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Tracing.class.getName());
    private static final String INSTRUMENTATION = "dev.meridian";

    private final Tracer tracer;
    private final Optional<SdkTracerProvider> provider;

    private Tracing(Tracer tracer, Optional<SdkTracerProvider> provider) {
        this.tracer = tracer;
        this.provider = provider;
    }

    /** No tracing: no spans, no wrapping. */
    public static Tracing off() {
        return new Tracing(TracerProvider.noop().get(INSTRUMENTATION), Optional.empty());
    }

    /** From the {@code tracing} config node: off without {@code otlp.endpoint}, else OTLP over HTTP (protobuf). */
    public static Tracing from(Config tracing) {
        Optional<String> endpoint =
                tracing.get("otlp.endpoint").asString().asOptional().filter(e -> !e.isBlank());
        if (endpoint.isEmpty()) {
            return off();
        }
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.get())
                .setTimeout(tracing.get("otlp.timeout").as(Duration.class).get())
                .build();
        double ratio = tracing.get("sample-ratio").asDouble().get();
        String service = tracing.get("service-name").asString().get();
        LOG.log(
                Level.INFO,
                "event=tracing_enabled endpoint=" + endpoint.get() + " sample_ratio=" + ratio + " service=" + service);
        return on(BatchSpanProcessor.builder(exporter).build(), ratio, service);
    }

    /**
     * Spans handed to {@code exporter} as each one ends (tests: the SDK's in-memory exporter), every root sampled.
     */
    public static Tracing exportingTo(SpanExporter exporter) {
        return on(SimpleSpanProcessor.create(exporter), 1.0, "meridian");
    }

    private static Tracing on(SpanProcessor processor, double ratio, String service) {
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("tracing.sample-ratio must be within 0..1, got " + ratio);
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
                // a caller's decision wins (its traceparent's sampled flag); roots are sampled at the ratio
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(processor)
                .build();
        return new Tracing(provider.get(INSTRUMENTATION), Optional.of(provider));
    }

    public boolean enabled() {
        return provider.isPresent();
    }

    public Tracer tracer() {
        return tracer;
    }

    /** W3C trace context ({@code traceparent}, {@code tracestate}): what is accepted and propagated. */
    public TextMapPropagator propagator() {
        return W3CTraceContextPropagator.getInstance();
    }

    /**
     * {@code target} itself when tracing is off; else a proxy that wraps each call made while a span is current in a
     * client span {@code Type.method} with {@code system} as {@code db.system.name} ({@code postgresql},
     * {@code redis}, ...). Calls outside any span (background work) stay untraced: no orphan root spans.
     */
    public <T> T port(Class<T> type, T target, String system) {
        if (!enabled()) {
            return target;
        }
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, new TracedPort(tracer, type, target, system)));
    }

    /** Whether the current thread serves a traced request (a valid span is current). */
    public static boolean inSpan() {
        return Span.current().getSpanContext().isValid();
    }

    /** Exports what is buffered and stops (shutdown phase {@code CLOSE_CLIENTS}). */
    @Override
    public void close() {
        provider.ifPresent(p -> p.shutdown().join(5, TimeUnit.SECONDS));
    }
}
