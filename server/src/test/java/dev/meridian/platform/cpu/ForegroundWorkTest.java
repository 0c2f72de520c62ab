package dev.meridian.platform.cpu;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ForegroundWorkTest {

    @Test
    void withoutForegroundWorkACheckpointDoesNotWait() {
        assertThat(new ForegroundWork().pause(TimeUnit.MINUTES.toNanos(1)), is(0L));
    }

    @Test
    void aCheckpointWaitsWhileForegroundWorkRunsAndGoesOnWhenItEnds() throws InterruptedException {
        ForegroundWork foreground = new ForegroundWork();
        foreground.begin();
        foreground.begin(); // two ticks at once: the checkpoint waits for both
        AtomicLong waited = new AtomicLong(-1);
        Thread background = Thread.ofPlatform().start(() -> waited.set(foreground.pause(TimeUnit.MINUTES.toNanos(1))));
        awaitParked(background);
        foreground.end();
        awaitParked(background);
        assertThat("still waiting for the second", waited.get(), is(-1L));
        foreground.end();
        background.join(TimeUnit.SECONDS.toMillis(30));
        assertThat("went on once none ran", background.isAlive(), is(false));
        assertThat(waited.get() > 0, is(true));
        assertThat(foreground.pausedNanos(), is(waited.get()));
    }

    @Test
    void aCheckpointWaitsNoLongerThanItMay() {
        ForegroundWork foreground = new ForegroundWork();
        foreground.begin();
        long max = TimeUnit.MILLISECONDS.toNanos(5);
        assertThat("returned though the foreground work still runs", foreground.pause(max), greaterThanOrEqualTo(max));
        assertThat(foreground.pause(0), is(0L));
    }

    private static void awaitParked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat("the checkpoint returned early", thread.isAlive(), is(true));
            Thread.sleep(1);
        }
    }
}
