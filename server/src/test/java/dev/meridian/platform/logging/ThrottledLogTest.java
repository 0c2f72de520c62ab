package dev.meridian.platform.logging;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    @Test
    void writesAtMostOncePerInterval() {
        AtomicLong now = new AtomicLong();
        ThrottledLog log =
                new ThrottledLog(System.getLogger(ThrottledLogTest.class.getName()), Duration.ofMinutes(1), now::get);
        assertThat(log.warn("event=test"), is(true));
        assertThat(log.warn("event=test"), is(false));
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(log.warn("event=test"), is(false));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(log.warn("event=test"), is(true));
    }
}
