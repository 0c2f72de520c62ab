package dev.meridian.platform.health;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadinessMetricsTest {
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AtomicBoolean postgres = new AtomicBoolean(true);
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final HealthService health = new HealthService(accepting::get)
            .add(new Check("postgres", true, () -> {
                probes.incrementAndGet();
                return postgres.get();
            }))
            .add(new Check("nats", false, () -> false));
    private final ReadinessMetrics metrics = new ReadinessMetrics(health, now::get);

    @Test
    void readyWhenEveryGatingCheckIsUpWhateverTheOthersSay() {
        assertThat(metrics.readiness().ready(), is(true));
        assertThat(metrics.up("postgres"), is(true));
        assertThat(metrics.up("nats"), is(false));
    }

    @Test
    void aScrapeProbesTheChecksOnceASecondAtMost() {
        metrics.readiness();
        metrics.up("postgres");
        metrics.up("nats");
        assertThat(probes.get(), is(1));

        postgres.set(false);
        now.addAndGet(999_000_000L);
        assertThat(metrics.readiness().ready(), is(true));
        now.addAndGet(1_000_000L);
        assertThat(metrics.readiness().ready(), is(false));
        assertThat(metrics.up("postgres"), is(false));
        assertThat(probes.get(), is(2));
    }

    @Test
    void notReadyOnceShutdownHasBegun() {
        accepting.set(false);
        assertThat(metrics.readiness().ready(), is(false));
        assertThat(metrics.up("postgres"), is(true));
    }
}
