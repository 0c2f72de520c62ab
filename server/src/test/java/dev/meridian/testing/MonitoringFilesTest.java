package dev.meridian.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MonitoringFilesTest {
    @Test
    void metricNamesAreTheIdentifiersThatAreNeitherFunctionsLabelsNorKeywords() {
        assertThat(
                MonitoringFiles.metricNames(
                        "sum by (instance, zone) (rate(world_tick_overruns_total{zone=~\"a|b\"}[5m]))"
                                + " / on (zone) group_left sum(rate(world_tick_duration_seconds_count[$__rate_interval]"
                                + " offset 1h)) > 0.01 and bool 1e3"),
                is(Set.of("world_tick_overruns_total", "world_tick_duration_seconds_count")));
        assertThat(
                MonitoringFiles.metricNames("db_pool_pending > 0 and db_pool_active >= db_pool_max unless up == 0"),
                is(Set.of("db_pool_pending", "db_pool_active", "db_pool_max", "up")));
        assertThat(
                MonitoringFiles.metricNames("max(http2_frames{route=~\"/v1/(a|b)\",x='}'} offset 5m) * 60"),
                is(Set.of("http2_frames")));
        assertThat(MonitoringFiles.metricNames("label_values(world_players, instance)"), is(Set.of("world_players")));
    }
}
