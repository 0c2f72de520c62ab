package dev.meridian.account.adapters;

import dev.meridian.account.app.PasswordHashingBusyException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of platform threads and a bounded number of waiting tasks for CPU- and memory-heavy work. The caller
 * (a virtual thread) waits for its own task; when every thread is busy and every waiting place is taken it is refused
 * at once, so the number of waiting requests, and the memory they would hold, stays bounded.
 *
 * <p>Admission counts slots (threads plus waiting places), not idle threads: a task gives its slot back before its
 * caller learns the result. A thread that has just finished is not idle yet (it still has to return to the queue),
 * so judged by idle threads the next request of a client that had its answer could be refused by the task that
 * answered it.
 */
final class HashingPool implements AutoCloseable {
    private final Semaphore slots;
    private final ThreadPoolExecutor executor;

    HashingPool(int threads, int queue) {
        this.slots = new Semaphore(threads + queue);
        // room for every slot: the slots decide admission, the executor's queue never refuses
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads + queue),
                Thread.ofPlatform().name("argon2-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** @throws PasswordHashingBusyException when every thread is busy and the queue is full */
    <T> T run(Callable<T> work) {
        if (!slots.tryAcquire()) {
            throw new PasswordHashingBusyException();
        }
        SlotTask<T> task = new SlotTask<>(work);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            slots.release(); // the pool is closed
            throw new PasswordHashingBusyException();
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    /** Tasks waiting for a thread. */
    int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A task that frees its slot just before its result (or failure) is handed to the waiting caller. */
    private final class SlotTask<T> extends FutureTask<T> {
        /** Touched only by the pool thread that runs the task. */
        private boolean freed;

        SlotTask(Callable<T> work) {
            super(work);
        }

        @Override
        public void run() {
            super.run();
            // cancelled before it started: nothing was set, and the slot is freed here
            free();
        }

        @Override
        protected void set(T result) {
            free();
            super.set(result);
        }

        @Override
        protected void setException(Throwable failure) {
            free();
            super.setException(failure);
        }

        private void free() {
            if (!freed) {
                freed = true;
                slots.release();
            }
        }
    }
}
