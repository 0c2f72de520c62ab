package dev.meridian.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this process, and of its finished child processes (Linux: {@code /proc/self/stat}). */
final class AccountsBenchmarkCpu {
    private AccountsBenchmarkCpu() {}

    static long process() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** User and system time of waited-for children in nanoseconds, or -1 where {@code /proc} is missing. */
    static long children() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // cutime and cstime are fields 16 and 17 of the whole line, 14 and 15 after the name (from 1)
            long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Minor page faults of this process so far (field 10 of {@code /proc/self/stat}), or -1 where it is missing. */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
