package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLagTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LATE = 30 * MS;
    private static final long ON_TIME = 2 * MS;

    @Test
    void aLoopLagsWhileItsShareOfLateBatchesInTheWindowReachesTheShare() {
        // the samples' own clock is a minute back, inside a window of two: the test's pace cannot age them out
        LoopLag lag = new LoopLag(Duration.ofMillis(25), Duration.ofMinutes(2), 0.25);
        LoopLag.Window batches = lag.window();
        long t = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
        for (int i = 0; i < 7; i++) {
            batches.record(t += 10 * MS, ON_TIME);
        }
        batches.record(t += 10 * MS, LATE);
        assertThat("1 of 8 late", lag.lagging(), is(false));
        batches.record(t += 10 * MS, 25 * MS);
        assertThat("exactly at the limit is on time", lag.lagging(), is(false));
        batches.record(t += 10 * MS, LATE);
        assertThat("2 of 10 late", lag.lagging(), is(false));
        batches.record(t += 10 * MS, LATE);
        assertThat("3 of 11 late", lag.lagging(), is(true));
        assertThat(lag.lateShare(), closeTo(3.0 / 11, 1e-9));
    }

    @Test
    void batchesOlderThanTheWindowLeaveIt() {
        LoopLag lag = new LoopLag(Duration.ofMillis(25), Duration.ofMinutes(1), 0.5);
        LoopLag.Window batches = lag.window();
        long now = System.nanoTime();
        batches.record(now - TimeUnit.SECONDS.toNanos(90), LATE);
        batches.record(now - TimeUnit.SECONDS.toNanos(80), LATE);
        batches.record(now, ON_TIME);
        assertThat("the late ones are more than a window older than the last", lag.lagging(), is(false));
        assertThat(lag.lateShare(), closeTo(0, 1e-9));
    }

    @Test
    void aLoopThatWroteNothingForAWholeWindowIsNotJudged() {
        LoopLag lag = new LoopLag(Duration.ofMillis(25), Duration.ofMinutes(1), 0.5);
        LoopLag.Window batches = lag.window();
        assertThat("no batch yet", lag.lagging(), is(false));
        batches.record(System.nanoTime() - TimeUnit.MINUTES.toNanos(2), LATE);
        assertThat("its last batch ran two minutes ago", lag.lagging(), is(false));
        batches.record(System.nanoTime(), LATE);
        assertThat(lag.lagging(), is(true));
    }

    @Test
    void oneLateLoopIsEnough() {
        LoopLag lag = new LoopLag(Duration.ofMillis(25), Duration.ofMinutes(1), 0.3);
        LoopLag.Window quiet = lag.window();
        LoopLag.Window busy = lag.window();
        long now = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            quiet.record(now, ON_TIME);
            busy.record(now, i < 3 ? LATE : ON_TIME);
        }
        assertThat(lag.lagging(), is(true));
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoopLag(Duration.ZERO, Duration.ofSeconds(5), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LoopLag(Duration.ofMillis(25), Duration.ZERO, 0.1));
        assertThrows(
                IllegalArgumentException.class, () -> new LoopLag(Duration.ofMillis(25), Duration.ofSeconds(5), 0));
        assertThrows(
                IllegalArgumentException.class, () -> new LoopLag(Duration.ofMillis(25), Duration.ofSeconds(5), 1.5));
    }

    /**
     * A real event loop kept busy while the tick hands it a batch: the batch waits at least 100 ms (the test holds the
     * loop that long after handing it over), and the loop lags. No clock is asserted: the wait is made, not timed.
     */
    @Test
    void aBatchHandedToABusyEventLoopMakesItLag() throws InterruptedException {
        LoopLag lag = new LoopLag(Duration.ofMillis(25), Duration.ofMinutes(1), 0.5);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop loop = loops.next();
        try {
            Outlet outlet = Outlet.of(loop, lag);
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                busy.countDown();
                await(release);
            });
            busy.await();
            CountDownLatch written = new CountDownLatch(1);
            outlet.schedule(written::countDown);
            Thread.sleep(100);
            release.countDown();
            assertThat(written.await(1, TimeUnit.MINUTES), is(true));
            assertThat(lag.lagging(), is(true));
        } finally {
            Outlet.release(loop);
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
