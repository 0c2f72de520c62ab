package dev.meridian.account.adapters;

import dev.meridian.account.app.PasswordHashingBusyException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of platform threads and a bounded queue for CPU- and memory-heavy work. The caller (a virtual
 * thread) waits for its own task; when every thread is busy and the queue is full it is refused at once, so the number
 * of waiting requests, and the memory they would hold, stays bounded.
 */
final class HashingPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    HashingPool(int threads, int queue) {
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                queue(queue),
                Thread.ofPlatform().name("argon2-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** A queue of zero means no waiting at all: a task starts on a free thread or the caller is refused. */
    private static BlockingQueue<Runnable> queue(int capacity) {
        return capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
    }

    /** @throws PasswordHashingBusyException when every thread is busy and the queue is full */
    <T> T run(Callable<T> work) {
        Future<T> future;
        try {
            future = executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw new PasswordHashingBusyException();
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
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
}
