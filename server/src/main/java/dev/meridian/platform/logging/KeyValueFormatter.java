package dev.meridian.platform.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per event: {@code ts=... level=... logger=... request_id=... <message>}. Messages written by Meridian are
 * already key=value pairs ({@code event=... key=value}); messages of libraries are quoted as {@code msg="..."}.
 */
public final class KeyValueFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append("ts=").append(Instant.ofEpochMilli(record.getMillis()));
        line.append(" level=").append(record.getLevel().getName());
        line.append(" logger=").append(shortName(record.getLoggerName()));
        RequestContext.requestId().ifPresent(id -> line.append(" request_id=").append(id));
        RequestContext.traceId().ifPresent(id -> line.append(" trace_id=").append(id));
        String message = formatMessage(record);
        if (message != null && !message.isEmpty()) {
            line.append(' ');
            if (message.startsWith("event=")) {
                line.append(oneLine(message));
            } else {
                line.append("msg=").append(quote(message));
            }
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(" error=").append(quote(trace.toString()));
        }
        return line.append('\n').toString();
    }

    /**
     * Quotes a value for a key=value line: one line, inner quotes and backslashes escaped. Every free-text value of a
     * log line (an error, a library's message) goes through here, so that one parser reads them all.
     */
    public static String quote(Object value) {
        String text = String.valueOf(value);
        return '"' + oneLine(text.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
    }

    private static String oneLine(String value) {
        return value.replace("\r", "").replace("\n", "\\n");
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return "-";
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
