package dev.meridian.client.swarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time and memory of a Linux process from {@code /proc}: what the benchmark reports for the server (and for the
 * swarm itself, which shares the machine).
 *
 * @param cpuSeconds user + system CPU time so far
 * @param rssBytes resident memory now
 * @param peakRssBytes the highest resident memory so far (VmHWM)
 */
record ProcessSample(double cpuSeconds, long rssBytes, long peakRssBytes) {
    /** Clock ticks per second of /proc/[pid]/stat; 100 on every Linux configuration we run on. */
    private static final double CLOCK_TICKS = 100;

    /** A sample of {@code pid} ("self" for this process), empty when /proc is not there or the process is gone. */
    static Optional<ProcessSample> of(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // the command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line);
                }
            }
            return Optional.of(new ProcessSample(ticks / CLOCK_TICKS, rss, peak));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Percent of one core used between {@code earlier} and this sample, {@code seconds} apart. */
    double cpuPercentSince(ProcessSample earlier, double seconds) {
        return seconds <= 0 ? 0 : (cpuSeconds - earlier.cpuSeconds) / seconds * 100;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
}
