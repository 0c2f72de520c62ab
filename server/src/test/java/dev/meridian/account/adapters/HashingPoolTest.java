package dev.meridian.account.adapters;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.app.PasswordHashingBusyException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HashingPoolTest {

    @Test
    void whenEveryThreadIsBusyAndTheQueueIsFullTheCallerIsRefusedAtOnce() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (HashingPool pool = new HashingPool(1, 1)) {
            Thread busy = Thread.ofVirtual()
                    .start(() -> pool.run(() -> {
                        running.countDown();
                        release.await();
                        return 1;
                    }));
            running.await();
            Thread queued = Thread.ofVirtual().start(() -> pool.run(() -> 2));
            // the queued task cannot start before release: wait until it sits in the queue
            while (pool.queued() == 0) {
                Thread.onSpinWait();
            }
            assertThrows(PasswordHashingBusyException.class, () -> pool.run(() -> 3));
            release.countDown();
            busy.join();
            queued.join();
            assertThat(pool.run(() -> 4), is(4));
        }
    }

    @Test
    void aFailureInTheTaskReachesTheCaller() {
        try (HashingPool pool = new HashingPool(1, 0)) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> pool.run(() -> {
                        throw new ArithmeticException("boom");
                    }));
            assertThat(e.getCause().getMessage(), is("boom"));
        }
    }
}
