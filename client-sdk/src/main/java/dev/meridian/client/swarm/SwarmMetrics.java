package dev.meridian.client.swarm;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the bots measure, shared by all of them: counters (lock-free adders) and latency histograms (HdrHistogram
 * recorders: wait-free for the I/O threads that record, read in intervals by the one thread that reports).
 */
final class SwarmMetrics {
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger joinedEver = new AtomicInteger();
    /** Redirects the bots followed to the node that runs their zone (several world nodes). */
    final LongAdder redirects = new LongAdder();
    /** Portals the bots walked through (ZoneChanged), over the whole run. */
    final LongAdder zoneChanges = new LongAdder();

    private final Recorder inputAck = new Recorder(MAX_MICROS, 3);
    private final Recorder rtt = new Recorder(MAX_MICROS, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Per error kind, what the first one said: a code alone rarely tells which frame or connect went wrong. */
    private final Map<String, String> firstMessages = new ConcurrentHashMap<>();

    // guarded by this: merged by the progress task and the main thread
    private final Histogram inputAckWindow = new Histogram(MAX_MICROS, 3);
    private final Histogram rttWindow = new Histogram(MAX_MICROS, 3);
    private Histogram inputAckInterval;
    private Histogram rttInterval;

    private volatile int tickRate;

    void tickRate(int ticksPerSecond) {
        tickRate = ticksPerSecond;
    }

    /** The server's tick rate from the welcomes, 0 before the first. */
    int tickRate() {
        return tickRate;
    }

    void inputAck(long nanos) {
        inputAck.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    void rtt(long nanos) {
        rtt.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, ignored -> new LongAdder()).increment();
    }

    /** Counts an error of {@code kind}; the first of each kind keeps its {@code message} for the report. */
    void error(String kind, String message) {
        firstMessages.putIfAbsent(kind, message);
        error(kind);
    }

    /** The first message of each error kind that had one, sorted by kind. */
    Map<String, String> firstMessages() {
        return new TreeMap<>(firstMessages);
    }

    /** Errors by kind, sorted by name. */
    Map<String, Long> errors() {
        Map<String, Long> sorted = new TreeMap<>();
        errors.forEach((kind, count) -> sorted.put(kind, count.sum()));
        return sorted;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Moves what was recorded since the last call into the window's histograms . */
    synchronized void collect() {
        inputAckInterval = inputAck.getIntervalHistogram(inputAckInterval);
        rttInterval = rtt.getIntervalHistogram(rttInterval);
        inputAckWindow.add(inputAckInterval);
        rttWindow.add(rttInterval);
    }

    /** Starts the measured window: what was recorded during ramp and warm-up is dropped . */
    synchronized void startWindow() {
        collect();
        inputAckWindow.reset();
        rttWindow.reset();
    }

    synchronized Histogram inputAckWindow() {
        return inputAckWindow.copy();
    }

    synchronized Histogram rttWindow() {
        return rttWindow.copy();
    }
}
