package dev.meridian.platform.logging;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps {@code java.util.logging} writing while the graceful shutdown runs. On SIGTERM the JVM starts every shutdown
 * hook at once, the LogManager's among them, and that one closes every handler: the shutdown steps' log lines would
 * be lost whenever it runs first. A handler placed first on the root logger makes that close wait until the
 * shutdown is done. (Helidon's own guard joins its hook thread, which returns at once when the LogManager's hook
 * gets there before that thread has started: under load the lines were still lost.)
 */
public final class ShutdownLogging {
    private ShutdownLogging() {}

    /**
     * Installs the guard.
     *
     * @param atMost how long the LogManager's hook may be held back at most
     * @return to run once the shutdown is over; the handlers may close from then on
     */
    public static Runnable holdOpenUntilDone(Duration atMost) {
        CountDownLatch done = new CountDownLatch(1);
        Logger root = LogManager.getLogManager().getLogger("");
        Handler[] handlers = root.getHandlers();
        for (Handler handler : handlers) {
            root.removeHandler(handler);
        }
        // the LogManager closes a logger's handlers in order: this one first, and it waits
        root.addHandler(new Guard(done, atMost));
        for (Handler handler : handlers) {
            root.addHandler(handler);
        }
        return done::countDown;
    }

    private static final class Guard extends Handler {
        private final CountDownLatch done;
        private final Duration atMost;

        Guard(CountDownLatch done, Duration atMost) {
            this.done = done;
            this.atMost = atMost;
        }

        @Override
        public void publish(LogRecord record) {}

        @Override
        public void flush() {}

        @Override
        public void close() {
            try {
                done.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
