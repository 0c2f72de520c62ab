package dev.meridian.client.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    @Test
    void readsTickQuantilesOfTheBusiestZoneAndSumsOverruns() {
        String text = """
                # TYPE world_tick_duration_seconds_max gauge
                world_tick_duration_seconds_max{scope="application",zone="starter",} 0.078
                world_tick_duration_seconds_max{scope="application",zone="desert",} 0.01
                # TYPE world_tick_duration_seconds summary
                world_tick_duration_seconds{scope="application",zone="starter",quantile="0.5",} 4.0E-4
                world_tick_duration_seconds{scope="application",zone="starter",quantile="0.99",} 0.0047
                world_tick_duration_seconds{scope="application",zone="desert",quantile="0.99",} 0.002
                world_tick_duration_seconds_count{scope="application",zone="starter",} 9060.0
                world_tick_overruns_total{scope="application",zone="starter",} 3.0
                world_tick_overruns_total{scope="application",zone="desert",} 1.0
                """;
        ServerMetrics metrics = ServerMetrics.parse(text).orElseThrow();
        assertEquals(0.4, metrics.p50Millis(), 1e-9);
        assertEquals(4.7, metrics.p99Millis(), 1e-9);
        assertEquals(78, metrics.maxMillis(), 1e-9);
        assertEquals(4, metrics.overruns());
    }

    @Test
    void aServerWithoutTickMetricsGivesNothing() {
        assertTrue(ServerMetrics.parse("# HELP up\nup 1\n").isEmpty());
        assertEquals(Optional.empty(), ServerMetrics.scrape("http://127.0.0.1:9"));
    }
}
