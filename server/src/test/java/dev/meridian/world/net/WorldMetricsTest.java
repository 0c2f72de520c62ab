package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.meridian.testing.LogRecords;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** How the world's observer reports what its meters cannot show: a slow tick is a throttled warning per zone. */
class WorldMetricsTest {
    private final WorldMetrics metrics = new WorldMetrics(Services.get(MeterRegistry.class));

    @Test
    void aSlowTickIsAWarningWithItsBreakdownAndEachZoneHasItsOwnThrottle() {
        try (LogRecords logs = LogRecords.capture()) {
            metrics.slowTick("north", "ms=63.10 budget_ms=50.00 tick=7 players=3 views_ms=40.00");
            metrics.slowTick("south", "ms=51.00 budget_ms=50.00 tick=9 players=1 views_ms=1.00");

            LogRecord north = logs.records().stream()
                    .filter(r -> r.getMessage().contains("zone=north"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no line for north: " + logs.describe()));
            assertThat(north.getLevel(), is(Level.WARNING));
            assertThat(
                    north.getMessage(),
                    startsWith("event=slow_tick zone=north ms=63.10 budget_ms=50.00 tick=7 players=3 views_ms=40.00"));
            assertThat("another zone's slow tick is not swallowed by north's", logs.count("zone=south"), is(1L));
        }
    }
}
