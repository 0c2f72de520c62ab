package dev.meridian.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records every log record of this JVM at WARNING or above while open, for tests that assert what was logged. */
public final class LogRecords extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogRecords() {
        setLevel(Level.WARNING);
    }

    public static LogRecords capture() {
        LogRecords handler = new LogRecords();
        Logger.getLogger("").addHandler(handler);
        return handler;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
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
