package dev.meridian.client.swarm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of a HotSpot process's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}), per
 * thread from {@code /proc/<pid>/task}. At a small crowd the server's code reaches the compile thresholds ten times
 * later than at a large one, and C2 still compiles two minutes in: a window that starts then charges compilation to
 * the steady state being measured. Read from /proc rather than the server's metrics so that watching costs the server
 * nothing. A compiler thread that HotSpot retires between two samples takes its time with it, so the figure can only
 * err low, and only while threads are being retired, that is, once compilation has calmed down.
 *
 * @param cpuTicksByThread user + system clock ticks of each compiler thread, by thread id
 */
record JitActivity(Map<String, Long> cpuTicksByThread) {
    private static final double CLOCK_TICKS = 100;

    /** The compiler threads of {@code pid} now; empty when /proc cannot be read. */
    static Optional<JitActivity> of(String pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields =
                                stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(
                                task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: it has nothing more to add
                }
            }
            return Optional.of(new JitActivity(Map.copyOf(ticks)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Percent of one core the compiler threads used between {@code earlier} and now, {@code seconds} apart. */
    double cpuPercentSince(JitActivity earlier, double seconds) {
        long ticks = 0;
        for (Map.Entry<String, Long> thread : cpuTicksByThread.entrySet()) {
            ticks += thread.getValue() - earlier.cpuTicksByThread.getOrDefault(thread.getKey(), 0L);
        }
        return seconds <= 0 ? 0 : ticks / CLOCK_TICKS / seconds * 100;
    }
}
