package dev.meridian.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the Linux scheduler reports for threads of this JVM ({@code /proc/self/task/TID/schedstat}): how long they ran
 * on a core and how long they waited, runnable, for one. A test that reports a latency uses it to tell a thread that
 * had too much to do from one that waited for a core. All zero where {@code /proc} has no such figures.
 */
public record SchedStat(long runNanos, long waitNanos, long timeslices) {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux keeps the first 15 characters of a thread's name. */
    private static final int COMM_LENGTH = 15;

    /** The sum over this JVM's threads whose name starts with {@code prefix}, live ones only. */
    public static SchedStat ofThreadsNamed(String prefix) {
        String comm = prefix.length() > COMM_LENGTH ? prefix.substring(0, COMM_LENGTH) : prefix;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            return tasks.filter(task -> comm(task).startsWith(comm))
                    .map(SchedStat::of)
                    .reduce(new SchedStat(0, 0, 0), SchedStat::plus);
        } catch (IOException | RuntimeException notLinux) {
            return new SchedStat(0, 0, 0);
        }
    }

    public SchedStat minus(SchedStat earlier) {
        return new SchedStat(
                runNanos - earlier.runNanos, waitNanos - earlier.waitNanos, timeslices - earlier.timeslices);
    }

    private SchedStat plus(SchedStat other) {
        return new SchedStat(runNanos + other.runNanos, waitNanos + other.waitNanos, timeslices + other.timeslices);
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException gone) {
            return "";
        }
    }

    private static SchedStat of(Path task) {
        try {
            String[] fields =
                    Files.readString(task.resolve("schedstat")).strip().split(" ");
            return new SchedStat(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException gone) {
            return new SchedStat(0, 0, 0);
        }
    }
}
