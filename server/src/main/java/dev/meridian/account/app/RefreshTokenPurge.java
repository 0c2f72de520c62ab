package dev.meridian.account.app;

import dev.meridian.account.app.RefreshTokens.Purged;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Deletes refresh tokens that can never be used again, every {@code auth.refresh.purge-interval}: each login and each
 * refresh adds a row, so without it the table only grows. Expired tokens go; a revoked family is kept for
 * {@code revokedKept} (to look at, e.g. after a {@code refresh_token_reused} alarm), then goes with its tokens. Every
 * node runs it; the deletes are idempotent, so nodes racing each other only find less to do.
 */
public final class RefreshTokenPurge implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RefreshTokenPurge.class.getName());

    private final RefreshTokens store;
    private final Clock clock;
    private final Duration revokedKept;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("refresh-token-purge").daemon(true).factory());

    public RefreshTokenPurge(RefreshTokens store, Clock clock, Duration revokedKept) {
        if (revokedKept.isNegative()) {
            throw new IllegalArgumentException(
                    "auth.refresh.revoked-retention must not be negative, got " + revokedKept);
        }
        this.store = store;
        this.clock = clock;
        this.revokedKept = revokedKept;
    }

    /** One purge now. */
    public Purged runOnce() {
        Instant now = clock.instant();
        return store.purge(now, now.minus(revokedKept));
    }

    /**
     * Purges every {@code interval} from now on, the first time after a random part of it, so that nodes started
     * together do not all purge at the same moment.
     */
    public RefreshTokenPurge start(Duration interval) {
        if (!interval.isPositive()) {
            throw new IllegalArgumentException("auth.refresh.purge-interval must be positive, got " + interval);
        }
        long every = interval.toMillis();
        timer.scheduleWithFixedDelay(
                this::purgeAndLog, ThreadLocalRandom.current().nextLong(every) + 1, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private void purgeAndLog() {
        try {
            Purged purged = runOnce();
            LOG.log(
                    Level.INFO,
                    "event=refresh_tokens_purged tokens=" + purged.tokens() + " families=" + purged.families());
        } catch (RuntimeException e) {
            // the database may be away; the next run deletes what this one could not
            LOG.log(Level.WARNING, "event=refresh_token_purge_failed error=" + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
