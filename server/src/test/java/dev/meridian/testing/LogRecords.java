package dev.meridian.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records every log record of this JVM at WARNING (or a level given) or above while open, for tests that assert what
 * was logged.
 */
public final class LogRecords extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Level least;

    private LogRecords(Level least) {
        this.least = least;
        setLevel(least);
    }

    public static LogRecords capture() {
        return capture(Level.WARNING);
    }

    /** From {@code least} up: the INFO lines of events (a zone acquired, a lease released) too. */
    public static LogRecords capture(Level least) {
        LogRecords handler = new LogRecords(least);
        Logger.getLogger("").addHandler(handler);
        return handler;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= least.intValue()) {
            records.add(record);
        }
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Records with a stack trace, the kind a single client must never be able to cause. */
    public List<LogRecord> withStackTraces() {
        return records.stream().filter(r -> r.getThrown() != null).toList();
    }

    /** The messages that contain {@code fragment}, oldest first. */
    public List<String> messages(String fragment) {
        return records.stream()
                .map(LogRecord::getMessage)
                .filter(message -> message != null && message.contains(fragment))
                .toList();
    }

    /** Records whose message contains {@code fragment}. */
    public long count(String fragment) {
        return records.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains(fragment))
                .count();
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        for (LogRecord r : records) {
            text.append(r.getLevel())
                    .append(' ')
                    .append(r.getLoggerName())
                    .append(' ')
                    .append(r.getMessage())
                    .append(r.getThrown() == null ? "" : " " + r.getThrown())
                    .append('\n');
        }
        return text.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
