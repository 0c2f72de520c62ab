package dev.meridian.world.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each thread of a zone's fan-out a core of its own (Linux {@code sched_setaffinity}). Unpinned, the scheduler
 * often woke a helper on the tick thread's core while the other core idled, and moved it only a few milliseconds
 * later: the two then shared one core for most of the round. At 10,000 players on two cores that made the tick's
 * p99 12-17 ms; pinned, 7.9-11 ms (docs/benchmarks.md, "World engine"). The cores come from the process's own
 * allowed set (a container's cpuset). Each zone's group starts one core further on, so the tick threads of a node's
 * zones do not all share the first core. Threads are pinned only while their zone fans out (512 players or more).
 * A pinned thread cannot leave a core another busy process holds, so the server pins only when told to
 * ({@code world.fan-out-pinning}).
 */
public final class ThreadPinning {
    private static final System.Logger LOG = System.getLogger(ThreadPinning.class.getName());
    /** glibc's cpu_set_t: 1,024 cores. */
    private static final int MASK_BYTES = 128;

    private static final ThreadPinning NONE = new ThreadPinning(null, new int[0], MemorySegment.NULL);

    private final MethodHandle setAffinity;
    private final int[] cores;
    /** The process's allowed cores as read at start, handed back to unpin. */
    private final MemorySegment allowedMask;
    /** Per core id, the mask of that core alone: built once, a pin per tick allocates nothing. */
    private final MemorySegment[] coreMasks;

    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean failed;

    private ThreadPinning(MethodHandle setAffinity, int[] cores, MemorySegment allowedMask) {
        this.setAffinity = setAffinity;
        this.cores = cores;
        this.allowedMask = allowedMask;
        this.coreMasks = new MemorySegment[cores.length == 0 ? 0 : cores[cores.length - 1] + 1];
        Arena masks = Arena.ofAuto();
        for (int core : cores) {
            MemorySegment mask = masks.allocate(MASK_BYTES);
            mask.set(JAVA_BYTE, core >> 3, (byte) (1 << (core & 7)));
            coreMasks[core] = mask;
        }
    }

    /** Pins nothing (tests, other systems, or pinning turned off). */
    public static ThreadPinning none() {
        return NONE;
    }

    /**
     * Pinning over the cores this process may run on; {@link #none()} where the system has no {@code
     * sched_setaffinity} or it refuses to tell them.
     */
    @SuppressWarnings("restricted") // native access: the launch grants it (--enable-native-access=ALL-UNNAMED)
    public static ThreadPinning ofAllowedCores() {
        try {
            Linker linker = Linker.nativeLinker();
            FunctionDescriptor affinity = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
            Optional<MemorySegment> get = linker.defaultLookup().find("sched_getaffinity");
            Optional<MemorySegment> set = linker.defaultLookup().find("sched_setaffinity");
            if (get.isEmpty() || set.isEmpty()) {
                return NONE;
            }
            MethodHandle getAffinity = linker.downcallHandle(get.get(), affinity);
            MemorySegment allowed = Arena.ofAuto().allocate(MASK_BYTES);
            if ((int) getAffinity.invokeExact(0, (long) MASK_BYTES, allowed) != 0) {
                return NONE;
            }
            return new ThreadPinning(
                    linker.downcallHandle(set.get(), affinity), coresOf(allowed.toArray(JAVA_BYTE)), allowed);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.INFO, "event=thread_pinning_unavailable reason=" + e);
            return NONE;
        }
    }

    static int[] coresOf(byte[] mask) {
        int[] cores = new int[mask.length * 8];
        int count = 0;
        for (int core = 0; core < cores.length; core++) {
            if ((mask[core >> 3] & (1 << (core & 7))) != 0) {
                cores[count++] = core;
            }
        }
        return Arrays.copyOf(cores, count);
    }

    /**
     * Cores for the {@code workers} threads of one zone's fan-out, each its own; empty when fewer cores are allowed
     * than there are workers (pinned to shared cores, two threads would wait for each other), or without pinning.
     */
    int[] coresFor(int workers) {
        if (setAffinity == null || workers < 2 || cores.length < workers) {
            return new int[0];
        }
        int start = next.getAndIncrement();
        int[] assigned = new int[workers];
        for (int w = 0; w < workers; w++) {
            assigned[w] = cores[Math.floorMod(start + w, cores.length)];
        }
        return assigned;
    }

    /** Pins the calling thread to {@code core}; a refusal is logged once and the thread runs unpinned. */
    void pinCurrentThread(int core) {
        setCurrentThread(coreMasks[core]);
    }

    /** Lets the calling thread run on any of the process's allowed cores again. */
    void unpinCurrentThread() {
        setCurrentThread(allowedMask);
    }

    private void setCurrentThread(MemorySegment mask) {
        try {
            int result = (int) setAffinity.invokeExact(0, (long) MASK_BYTES, mask);
            if (result != 0) {
                refused("sched_setaffinity returned " + result);
            }
        } catch (Throwable e) {
            refused(e.toString());
        }
    }

    private void refused(String reason) {
        if (!failed) {
            failed = true;
            LOG.log(System.Logger.Level.WARNING, "event=thread_pinning_refused reason=" + reason);
        }
    }
}
