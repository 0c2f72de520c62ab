package dev.meridian.account.adapters;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.account.app.PasswordHashingBusyException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HashingPoolTest {

    @Test
    void whenEveryThreadIsBusyAndTheQueueIsFullTheCallerIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (HashingPool pool = new HashingPool(1, 1)) {
            Thread busy = holdTheThread(pool, release);
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

    /**
     * A caller that starts right after another's result arrived finds the slot free again: with one thread and no
     * queue, a login that begins once the previous login's answer has left is never refused. Many rounds, because the
     * window in which a finished task could still hold its thread is short.
     */
    @Test
    void aTaskStartedAfterThePreviousOneReturnedIsNeverRefused() {
        try (HashingPool pool = new HashingPool(1, 0)) {
            for (int round = 0; round < 500; round++) {
                int expected = round;
                assertThat(pool.run(() -> expected), is(expected));
            }
        }
    }

    @Test
    void aWaitingTaskWhoseCallerGaveUpFreesItsSlot() throws Exception {
        try (HashingPool pool = new HashingPool(1, 1);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch release = new CountDownLatch(1);
            Thread busy = holdTheThread(pool, release);
            Thread impatient =
                    Thread.ofVirtual().start(() -> assertThrows(IllegalStateException.class, () -> pool.run(() -> 2)));
            while (pool.queued() == 0) {
                Thread.onSpinWait();
            }
            impatient.interrupt();
            impatient.join();
            release.countDown();
            busy.join();

            // the thread is held again, past the abandoned task: one caller may still wait
            CountDownLatch releaseAgain = new CountDownLatch(1);
            Thread second = holdTheThread(pool, releaseAgain);
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> pool.run(() -> 4), callers);
            while (pool.queued() == 0 && !waiting.isDone()) {
                Thread.onSpinWait();
            }
            releaseAgain.countDown();
            second.join();
            assertThat(waiting.join(), is(4));
        }
    }

    /** A caller whose task holds the pool's one thread until {@code release} opens; returns once the task runs. */
    private static Thread holdTheThread(HashingPool pool, CountDownLatch release) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Thread caller = Thread.ofVirtual()
                .start(() -> pool.run(() -> {
                    running.countDown();
                    release.await();
                    return 0;
                }));
        running.await();
        return caller;
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
