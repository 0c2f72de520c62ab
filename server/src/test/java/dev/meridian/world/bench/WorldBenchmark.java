package dev.meridian.world.bench;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.engine.Command;
import dev.meridian.world.engine.FanOut;
import dev.meridian.world.engine.QuietViewer;
import dev.meridian.world.engine.ThreadPinning;
import dev.meridian.world.engine.TickPhases;
import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneEvents;
import dev.meridian.world.engine.ZoneLinks;
import dev.meridian.world.engine.ZoneSettings;
import dev.meridian.world.net.ProtoFormat;
import dev.meridian.world.net.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The world engine and the binary snapshot encoder in-process, no sockets (docs/benchmarks.md, "World engine").
 * Moves are queued before each tick (the network threads' work); a tick is what the zone's thread does: drain,
 * move, interest, encode once, assemble and enqueue one frame per player. Prints one JSON object per scenario.
 *
 * <p>Usage: {@code WorldBenchmark [crowd|spread|all|spread-engine-only] [measuredTicks]}
 */
public final class WorldBenchmark {
    private static final int TICK_RATE = 20;
    private static final ZoneSettings ZONE =
            new ZoneSettings("bench", 1000, 1000, TICK_RATE, 8, 50, Duration.ofSeconds(5), Duration.ofSeconds(1));

    /** As the server: the tick thread plus helpers, one per core up to four (override: -Dfan-out=N). */
    private static final int FAN_OUT =
            Integer.getInteger("fan-out", Math.min(4, Runtime.getRuntime().availableProcessors()));

    private static boolean encode = true;

    /** As the shipped launch (unpinned); {@code -Dpinning=true} pins them as {@code world.fan-out-pinning} does. */
    private static final boolean PINNED = Boolean.getBoolean("pinning");

    private static final ThreadPinning PINNING = PINNED ? ThreadPinning.ofAllowedCores() : ThreadPinning.none();

    /** Ticks at the real 20 Hz cadence (default) or back to back ({@code -Dpaced=false}, a stress figure). */
    private static final boolean PACED = Boolean.parseBoolean(System.getProperty("paced", "true"));

    /** With {@code -Dtick-log=FILE}: one CSV line per measured tick, to see what the slowest ticks were made of. */
    private static final String TICK_LOG = System.getProperty("tick-log");

    private WorldBenchmark() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "all";
        int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
        if (which.equals("crowd") || which.equals("all")) {
            // 1,000 players kept inside a 100 x 100 square: four cells that all see each other
            System.out.println(run("crowd", 1000, 400, 100, ticks));
        }
        if (which.equals("spread") || which.equals("all")) {
            System.out.println(run("spread", 10_000, 0, 1000, ticks));
        }
        if (which.equals("spread-engine-only")) {
            // the same without encoding or queueing: what the snapshots cost is the difference
            encode = false;
            System.out.println(run("spread-engine-only", 10_000, 0, 1000, ticks));
        }
    }

    /**
     * A player's connection as the session has it: encode, then a bounded queue under its own monitor (as {@code
     * Outbox}: one object holds the lock word and the queue) that the sender would drain.
     */
    private static final class BenchViewer extends QuietViewer {
        private final WireFormat format;
        private final ArrayDeque<ByteBuf> outbox = new ArrayDeque<>();
        long bytes;
        long frames;

        BenchViewer(WireFormat format) {
            this.format = format;
        }

        @Override
        public void view(ViewUpdate update) {
            if (!encode) {
                frames++;
                return;
            }
            // into pooled buffers with the transports' headroom, as on the server
            ByteBuf frame = format.snapshot(update, PooledByteBufAllocator.DEFAULT, 10);
            if (frame == null) {
                return;
            }
            bytes += frame.readableBytes();
            synchronized (outbox) {
                if (outbox.size() < 8) {
                    outbox.addLast(frame);
                } else {
                    frame.release();
                }
            }
            frames++;
        }

        /** The sender's side, outside the measured tick. */
        void drain() {
            synchronized (outbox) {
                outbox.forEach(ByteBuf::release);
                outbox.clear();
            }
        }
    }

    private static String run(String name, int players, int origin, int extent, int measuredTicks) {
        Zone zone = new Zone(
                ZONE, positions -> {}, ZoneEvents.none(), FanOut.of(FAN_OUT, "bench", PINNING), ZoneLinks.alone());
        ProtoFormat format = new ProtoFormat();
        Random random = new Random(1);
        List<BenchViewer> viewers = new ArrayList<>(players);
        float[] headings = new float[players];
        double[] xs = new double[players];
        double[] ys = new double[players];
        double step = ZONE.speed() / TICK_RATE;
        double center = origin + extent / 2.0;
        for (int i = 0; i < players; i++) {
            BenchViewer viewer = new BenchViewer(format);
            viewers.add(viewer);
            headings[i] = (float) (random.nextDouble() * Math.PI * 2);
            xs[i] = origin + 10 + random.nextDouble() * (extent - 20);
            ys[i] = origin + 10 + random.nextDouble() * (extent - 20);
            zone.submit(new Command.Join(
                    viewer,
                    new PlayerCharacter(CharacterId.random(), AccountId.random(), "p" + i, "bench", xs[i], ys[i])));
        }
        zone.tick();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warmup = Math.max(200, measuredTicks / 3);
        long[] wall = new long[measuredTicks];
        long[] tickCpu = new long[measuredTicks];
        long[][] phases = new long[4][measuredTicks];
        long cpu = 0;
        long gcCount = 0;
        long gcMillis = 0;
        long bytes = 0;
        long frames = 0;
        int seq = 0;
        long[] helpers = new long[0];
        long period = 1_000_000_000L / TICK_RATE;
        long nextTick = System.nanoTime();
        PrintStream tickLog = tickLog(name);
        for (int t = 0; t < warmup + measuredTicks; t++) {
            if (PACED) {
                // the server's cadence: ticks start every 50 ms, and the time between them is the garbage
                // collector's and the senders' as on a real server; back to back, the tail measures GC catch-up
                nextTick += period;
                LockSupport.parkNanos(nextTick - System.nanoTime());
            }
            seq++;
            for (int i = 0; i < players; i++) {
                // a random walk that turns back towards the middle near the edges of its area (a crowd stays a crowd)
                headings[i] += (float) ((random.nextDouble() - 0.5) * 0.6);
                if (xs[i] < origin + 5
                        || xs[i] > origin + extent - 5
                        || ys[i] < origin + 5
                        || ys[i] > origin + extent - 5) {
                    headings[i] = (float) Math.atan2(center - ys[i], center - xs[i]);
                }
                float dx = (float) Math.cos(headings[i]);
                float dy = (float) Math.sin(headings[i]);
                xs[i] += dx * step;
                ys[i] += dy * step;
                zone.submit(new Command.Move(viewers.get(i), dx, dy, seq));
            }
            if (t == warmup) {
                viewers.forEach(v -> {
                    v.bytes = 0;
                    v.frames = 0;
                });
            }
            if (t == warmup) {
                helpers = fanOutThreadIds();
                gcCount = -collections();
                gcMillis = -collectionMillis();
            }
            long gcBefore = TICK_LOG == null ? 0 : collections();
            long cpuStart = tickCpu(threads, helpers);
            long start = System.nanoTime();
            zone.tick();
            long took = System.nanoTime() - start;
            long cpuTook = tickCpu(threads, helpers) - cpuStart;
            if (t >= warmup) {
                wall[t - warmup] = took;
                tickCpu[t - warmup] = cpuTook;
                long[] phase = TickPhases.last(zone);
                for (int p = 0; p < phase.length; p++) {
                    phases[p][t - warmup] = phase[p];
                }
                cpu += cpuTook;
                if (tickLog != null) {
                    tickLog.printf(
                            Locale.ROOT,
                            "%d,%d,%d,%d,%d,%d,%d,%d%n",
                            t - warmup,
                            took / 1000,
                            cpuTook / 1000,
                            phase[0] / 1000,
                            phase[1] / 1000,
                            phase[2] / 1000,
                            phase[3] / 1000,
                            collections() - gcBefore);
                }
            }
            viewers.forEach(BenchViewer::drain);
        }
        if (tickLog != null) {
            tickLog.close();
        }
        gcCount += collections();
        gcMillis += collectionMillis();
        for (BenchViewer viewer : viewers) {
            bytes += viewer.bytes;
            frames += viewer.frames;
        }
        Arrays.sort(wall);
        Arrays.sort(tickCpu);
        for (long[] phase : phases) {
            Arrays.sort(phase);
        }
        double playerTicks = (double) players * measuredTicks;
        double seconds = measuredTicks / (double) TICK_RATE;
        return String.format(
                Locale.ROOT,
                "{\"scenario\":\"%s\",\"paced\":%b,\"pinned\":%b,\"players\":%d,\"tick_rate\":%d,\"fan_out_threads\":%d,\"measured_ticks\":%d,"
                        + "\"cpu_us_per_player_tick\":%.3f,\"tick_ms_p50\":%.3f,\"tick_ms_p99\":%.3f,"
                        + "\"tick_ms_max\":%.3f,\"tick_cpu_ms_p50\":%.3f,\"tick_cpu_ms_p99\":%.3f,"
                        + "\"gc_pauses\":%d,\"gc_pause_ms\":%d,\"snapshot_bytes_per_client_per_s\":%.0f,"
                        + "\"frames_per_client_per_s\":%.1f,\"avg_snapshot_bytes\":%.0f,"
                        + "\"phase_ms_p50\":{\"commands\":%.3f,\"move\":%.3f,\"views\":%.3f,\"persist\":%.3f}}",
                name,
                PACED,
                PINNED,
                players,
                TICK_RATE,
                FAN_OUT,
                measuredTicks,
                cpu / 1000.0 / playerTicks,
                wall[measuredTicks / 2] / 1e6,
                wall[(int) Math.ceil(measuredTicks * 0.99) - 1] / 1e6,
                wall[measuredTicks - 1] / 1e6,
                tickCpu[measuredTicks / 2] / 1e6,
                tickCpu[(int) Math.ceil(measuredTicks * 0.99) - 1] / 1e6,
                gcCount,
                gcMillis,
                bytes / (double) players / seconds,
                frames / (double) players / seconds,
                frames == 0 ? 0.0 : bytes / (double) frames,
                phases[0][measuredTicks / 2] / 1e6,
                phases[1][measuredTicks / 2] / 1e6,
                phases[2][measuredTicks / 2] / 1e6,
                phases[3][measuredTicks / 2] / 1e6);
    }

    private static PrintStream tickLog(String scenario) {
        if (TICK_LOG == null) {
            return null;
        }
        try {
            PrintStream log = new PrintStream(TICK_LOG + "." + scenario + ".csv", StandardCharsets.UTF_8);
            log.println("tick,wall_us,cpu_us,commands_us,move_us,views_us,persist_us,gc_pauses");
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stop-the-world collections so far (G1: young and full pauses; ZGC: its pauses; not concurrent cycles). */
    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc ->
                        !gc.getName().contains("Concurrent") && !gc.getName().contains("Cycles"))
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long collectionMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc ->
                        !gc.getName().contains("Concurrent") && !gc.getName().contains("Cycles"))
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /** The fan-out helpers of the bench zone (they exist once the warm-up ticks ran). */
    private static long[] fanOutThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("zone-bench-fan-out-"))
                .mapToLong(Thread::threadId)
                .toArray();
    }

    /** CPU time of the tick thread and of the fan-out helpers that work for it. */
    private static long tickCpu(ThreadMXBean threads, long[] helpers) {
        long total = threads.getCurrentThreadCpuTime();
        for (long helper : helpers) {
            total += Math.max(0, threads.getThreadCpuTime(helper));
        }
        return total;
    }
}
