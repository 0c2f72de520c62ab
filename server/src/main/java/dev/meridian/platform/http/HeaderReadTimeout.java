package dev.meridian.platform.http;

import dev.meridian.platform.logging.KeyValueFormatter;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closes a connection whose request headers are not complete {@code http.header-timeout} after its request line
 * arrived (a slowloris client, or one that stalled half-way). Helidon 4.5 has no such limit: its idle-connection
 * timeout only interrupts a connection that is still waiting for the request line, so a client that sends the
 * request line and then trickles (or never finishes) its headers holds its connection and virtual thread for ever.
 * The connection waiting for a request line is bounded by Helidon's {@code server.idle-connection-timeout}.
 */
public final class HeaderReadTimeout implements Http1ConnectionListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HeaderReadTimeout.class.getName());

    private final long timeoutNanos;
    private final Map<ConnectionContext, Long> deadlines = new ConcurrentHashMap<>();
    private final LongAdder closed = new LongAdder();
    private final ScheduledExecutorService sweeper;

    private HeaderReadTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("http-header-timeout").daemon().factory());
    }

    public static HeaderReadTimeout start(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("http.header-timeout must be positive");
        }
        HeaderReadTimeout headerTimeout = new HeaderReadTimeout(timeout);
        long period = Math.clamp(timeout.toMillis() / 4, 50, 1000);
        headerTimeout.sweeper.scheduleWithFixedDelay(headerTimeout::sweep, period, period, TimeUnit.MILLISECONDS);
        return headerTimeout;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        deadlines.put(ctx, System.nanoTime() + timeoutNanos);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        deadlines.remove(ctx);
    }

    /** Connections closed so far because their headers were late. */
    public long closedConnections() {
        return closed.sum();
    }

    private void sweep() {
        long now = System.nanoTime();
        deadlines.forEach((ctx, deadline) -> {
            if (now - deadline >= 0 && deadlines.remove(ctx, deadline)) {
                closed.increment();
                try {
                    ctx.serverSocket().close();
                } catch (RuntimeException e) {
                    // already closed by the client: nothing left to free
                    LOG.log(
                            Level.DEBUG,
                            "event=header_timeout_close_failed error=" + KeyValueFormatter.quote(e.getMessage()));
                }
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        deadlines.clear();
    }
}
