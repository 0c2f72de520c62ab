package dev.meridian.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final String TEXT = """
            # HELP db_pool_max Maximum pool size
            # TYPE db_pool_max gauge
            db_pool_max{scope="application",} 10.0
            jvm_uptime_seconds 12.5
            events_dropped_total{reason="nats_unavailable",type="account.registered"} 3.0
            events_dropped_total{reason="nats_unavailable",type="player.moved"} 4.0
            events_dropped_total{reason="encode_failed",type="player.moved"} 1.0
            """;

    @Test
    void namesAreTheSampleNamesOfTheText() {
        assertThat(Metrics.names(TEXT), is(Set.of("db_pool_max", "jvm_uptime_seconds", "events_dropped_total")));
    }

    @Test
    void aValueSumsTheSeriesWhoseLabelsMatch() {
        assertThat(Metrics.sum(TEXT, "events_dropped_total", "reason=\"nats_unavailable\""), is(7.0));
        assertThat(Metrics.sum(TEXT, "events_dropped_total", ""), is(8.0));
        assertThat(Metrics.sum(TEXT, "jvm_uptime_seconds", ""), is(12.5));
        assertThat(Metrics.sum(TEXT, "world_players", ""), is(0.0));
    }
}
