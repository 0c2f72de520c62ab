package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLagTest {
    private static final long LATE = Duration.ofMillis(30).toNanos();
    private static final long ON_TIME = Duration.ofMillis(2).toNanos();

    /** 10 probes (100 ms) judged; 3 of them late make the loop lag. */
    private final LoopLag lag = new LoopLag(Duration.ofMillis(25), Duration.ofMillis(100), 0.3);

    @Test
    void aLoopLagsWhileItsShareOfLateProbesInTheWindowReachesTheShare() {
        LoopLag.Window probes = lag.window();
        probes.record(LATE);
        probes.record(LATE);
        assertThat("2 of 10 late", lag.lagging(), is(false));
        probes.record(Duration.ofMillis(25).toNanos());
        assertThat("exactly at the limit is on time", lag.lagging(), is(false));
        probes.record(LATE);
        assertThat("3 of 10 late", lag.lagging(), is(true));
        assertThat(lag.lateShare(), closeTo(0.3, 1e-9));
        for (int i = 0; i < 6; i++) {
            probes.record(ON_TIME);
        }
        assertThat("the late ones are still in the window", lag.lagging(), is(true));
        probes.record(ON_TIME);
        assertThat("the first late one left the window", lag.lagging(), is(false));
        assertThat(lag.lateShare(), closeTo(0.2, 1e-9));
    }

    @Test
    void oneLateLoopIsEnough() {
        LoopLag.Window quiet = lag.window();
        LoopLag.Window busy = lag.window();
        for (int i = 0; i < 10; i++) {
            quiet.record(ON_TIME);
            busy.record(i < 3 ? LATE : ON_TIME);
        }
        assertThat(lag.lagging(), is(true));
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoopLag(Duration.ZERO, Duration.ofSeconds(5), 0.1));
        assertThrows(
                IllegalArgumentException.class, () -> new LoopLag(Duration.ofMillis(25), Duration.ofMillis(5), 0.1));
        assertThrows(
                IllegalArgumentException.class, () -> new LoopLag(Duration.ofMillis(25), Duration.ofSeconds(5), 0));
        assertThrows(
                IllegalArgumentException.class, () -> new LoopLag(Duration.ofMillis(25), Duration.ofSeconds(5), 1.5));
    }

    /**
     * A real event loop kept busy: the probes it owes meanwhile run late once it is free again, and the loop lags. No
     * clock is asserted: the loop is blocked for 30 probe periods, and the window (a minute) keeps the late probes long
     * after the test looks.
     */
    @Test
    void aBlockedEventLoopLags() throws InterruptedException {
        LoopLag watched = new LoopLag(Duration.ofMillis(25), Duration.ofMinutes(1), 0.001);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            watched.watch(loops);
            CountDownLatch blocked = new CountDownLatch(1);
            loops.next().execute(() -> {
                blocked.countDown();
                sleep(300);
            });
            blocked.await();
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!watched.lagging() && System.nanoTime() < giveUp) {
                sleep(10);
            }
            assertThat(watched.lagging(), is(true));
        } finally {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
