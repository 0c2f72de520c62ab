package dev.meridian.platform.tracing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.Main;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TracingTest {
    private final Supplier<String> port = () -> "answer";

    @Test
    void offByDefaultAndThenPortsAreNotWrapped() {
        Tracing tracing = Tracing.from(Main.config(Map.of()).get("tracing"));
        assertThat(tracing.enabled(), is(false));
        assertThat(tracing.port(Supplier.class, port, "test"), is(sameInstance(port)));
    }

    @Test
    void anEndpointTurnsItOnAndTheSampleRatioMustBeAShare() {
        try (Tracing tracing = Tracing.from(Main.config(Map.of("tracing.otlp.endpoint", "http://127.0.0.1:1/v1/traces"))
                .get("tracing"))) {
            assertThat(tracing.enabled(), is(true));
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Tracing.from(Main.config(Map.of(
                                "tracing.otlp.endpoint", "http://127.0.0.1:1/v1/traces", "tracing.sample-ratio", "1.5"))
                        .get("tracing")));
    }

    @Test
    void aWrappedPortMakesChildSpansOnlyInsideASpan() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (Tracing tracing = Tracing.exportingTo(spans)) {
            @SuppressWarnings("unchecked")
            Supplier<String> traced = tracing.port(Supplier.class, port, "test");
            assertThat(traced.get(), is("answer"));
            assertThat("no span outside a request", spans.getFinishedSpanItems().size(), is(0));

            Span request = tracing.tracer().spanBuilder("request").startSpan();
            Scope scope = request.makeCurrent();
            try {
                assertThat(traced.get(), is("answer"));
            } finally {
                scope.close();
                request.end();
            }
            var child = spans.getFinishedSpanItems().getFirst();
            assertThat(child.getName(), is("Supplier.get"));
            assertThat(child.getParentSpanId(), is(request.getSpanContext().getSpanId()));
        }
    }
}
