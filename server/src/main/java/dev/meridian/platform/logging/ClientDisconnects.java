package dev.meridian.platform.logging;

import io.helidon.common.buffers.DataReader;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A client that goes away in the middle of a request (half-sent headers or body, a reset) is not a server error: it is
 * logged as one INFO line a minute, {@code event=client_disconnected ... occurrences=N}, never as a stack trace per
 * connection, which a thousand dropped sockets would turn into a thousand traces.
 */
public final class ClientDisconnects {
    private static final System.Logger LOG = System.getLogger(ClientDisconnects.class.getName());
    private static final ThrottledLog DISCONNECTS = new ThrottledLog(LOG, Duration.ofMinutes(1));
    private static final int MAX_CAUSES = 16;
    /**
     * Helidon's HTTP/1 connection logs "Internal server error" with a trace at WARNING when a client drops before its
     * headers are complete. Held here: java.util.logging keeps loggers only weakly, and the filter lives on the logger.
     */
    private static final Logger HELIDON_HTTP1 = Logger.getLogger("io.helidon.webserver.http1.Http1Connection");

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ClientDisconnects() {}

    /** Turns Helidon's traces of dropped clients into the throttled line; call after the logging configuration. */
    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Filter previous = HELIDON_HTTP1.getFilter();
        HELIDON_HTTP1.setFilter(record -> {
            if (record.getThrown() != null && causedBy(record.getThrown())) {
                counted("headers", record);
                return false;
            }
            return previous == null || previous.isLoggable(record);
        });
    }

    /** @return whether {@code failure} means that the client's connection ended before its request did */
    public static boolean causedBy(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof SQLException) {
                // a connection to the database broke, not the client's
                return false;
            }
            if (t instanceof DataReader.InsufficientDataAvailableException
                    || t instanceof SocketException
                    || t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** Logs (throttled, without a trace) that a client went away while its request was being read. */
    public static void log(String phase, String path) {
        DISCONNECTS.info("event=client_disconnected phase=" + phase + " path=" + path);
    }

    private static void counted(String phase, LogRecord record) {
        DISCONNECTS.info("event=client_disconnected phase=" + phase + " logger=" + record.getLoggerName());
    }
}
