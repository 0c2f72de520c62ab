package dev.meridian.platform.logging;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A warning that is written at most once per interval, with the number of occurrences it stands for: a dependency that
 * is down must not turn every request into a log line.
 */
public final class ThrottledLog {
    private final System.Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(System.Logger logger, Duration interval) {
        this(logger, interval, System::nanoTime);
    }

    /** @param nanoTime the clock the interval is measured on (a component's own, so that its tests control it) */
    public ThrottledLog(System.Logger logger, Duration interval, LongSupplier nanoTime) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
    }

    /** @return whether the line was written (false: counted in the next written line's {@code occurrences}) */
    public boolean warn(String message) {
        return log(Level.WARNING, message);
    }

    /** {@link #warn} at INFO, for what is worth counting but is not the server's fault (e.g. clients going away). */
    public boolean info(String message) {
        return log(Level.INFO, message);
    }

    private boolean log(Level level, String message) {
        long now = nanoTime.getAsLong();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long occurrences = suppressed.getAndSet(0) + 1;
        logger.log(level, message + " occurrences=" + occurrences);
        return true;
    }
}
