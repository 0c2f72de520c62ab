package dev.meridian.client.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmMetricsTest {
    private final SwarmMetrics metrics = new SwarmMetrics();

    @Test
    void everyErrorCountsAndTheFirstOfEachKindKeepsItsMessage() {
        metrics.error("world_error:invalid_message", "not a ClientMessage (cid 0)");
        metrics.error("world_error:invalid_message", "ClientMessage without a kind (cid 7)");
        metrics.error("connect_failed:transport_error:connect_failed", "timed out after 5 s");
        metrics.error("setup_timeout");

        assertEquals(
                Map.of(
                        "connect_failed:transport_error:connect_failed", 1L,
                        "setup_timeout", 1L,
                        "world_error:invalid_message", 2L),
                metrics.errors());
        assertEquals(4, metrics.errorCount());
        assertEquals(
                Map.of(
                        "connect_failed:transport_error:connect_failed", "timed out after 5 s",
                        "world_error:invalid_message", "not a ClientMessage (cid 0)"),
                metrics.firstMessages());
    }
}
