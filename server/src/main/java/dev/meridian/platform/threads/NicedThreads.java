package dev.meridian.platform.threads;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.System.Logger.Level;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts threads that yield the cores to the rest of the process: each one raises its own OS nice value by
 * {@code increment} before it runs its work. Java's thread priorities change nothing on Linux (without root and
 * {@code -XX:ThreadPriorityPolicy}), and a higher priority for the latency-critical threads (the zone tick) would need
 * {@code CAP_SYS_NICE}; lowering one's own priority needs no privilege. Linux keeps the nice value per thread, and
 * {@code setpriority(PRIO_PROCESS, 0, n)} changes the calling thread's only (man 2 setpriority, "Bugs"), so the call is
 * made by the thread itself. Elsewhere (macOS applies it to the whole process) the threads run at the process's
 * priority, and that is logged once.
 */
public final class NicedThreads implements ThreadFactory {
    private static final System.Logger LOG = System.getLogger(NicedThreads.class.getName());
    private static final int PRIO_PROCESS = 0;
    private static final int LOWEST = 19;
    private static final Optional<Calls> CALLS = linuxCalls();
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final ThreadFactory threads;
    private final int increment;

    /**
     * @param threads makes the threads (names, daemon)
     * @param increment how much nicer than the thread that starts them (0 to 19; 0 changes nothing)
     */
    public NicedThreads(ThreadFactory threads, int increment) {
        if (increment < 0 || increment > LOWEST) {
            throw new IllegalArgumentException("nice increment must be 0..19, was " + increment);
        }
        this.threads = threads;
        this.increment = increment;
    }

    @Override
    public Thread newThread(Runnable work) {
        if (increment == 0) {
            return threads.newThread(work);
        }
        return threads.newThread(() -> {
            beNicer(increment);
            work.run();
        });
    }

    /** Whether this platform lets a thread lower its own priority (Linux with native access). */
    public static boolean supported() {
        return CALLS.isPresent();
    }

    private static void beNicer(int increment) {
        if (CALLS.isEmpty()) {
            warnOnce("event=thread_nice_unsupported os="
                    + System.getProperty("os.name").replace(' ', '_'));
            return;
        }
        Calls calls = CALLS.get();
        try {
            // a new thread starts at its creator's nice value, which may already be above 0 (a niced JVM)
            int own = (int) calls.getpriority().invokeExact(PRIO_PROCESS, 0);
            int result = (int) calls.setpriority().invokeExact(PRIO_PROCESS, 0, Math.min(LOWEST, own + increment));
            if (result != 0) {
                warnOnce("event=thread_nice_failed thread="
                        + Thread.currentThread().getName());
            }
        } catch (Throwable e) {
            warnOnce("event=thread_nice_failed thread=" + Thread.currentThread().getName() + " error=" + e);
        }
    }

    private static void warnOnce(String line) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, line + " effect=these_threads_compete_with_the_tick_at_equal_priority");
        }
    }

    private record Calls(MethodHandle getpriority, MethodHandle setpriority) {}

    /** Two libc calls with fixed int signatures; the launch grants native access (Netty's epoll needs it too). */
    @SuppressWarnings("restricted")
    private static Optional<Calls> linuxCalls() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            // int getpriority(int which, id_t who); int setpriority(int which, id_t who, int prio): id_t is 32 bits
            Optional<MethodHandle> get = libc.find("getpriority")
                    .map(at -> linker.downcallHandle(at, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)));
            Optional<MethodHandle> set = libc.find("setpriority")
                    .map(at ->
                            linker.downcallHandle(at, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)));
            return get.flatMap(g -> set.map(s -> new Calls(g, s)));
        } catch (IllegalCallerException | UnsupportedOperationException e) { // native access denied, or no linker
            return Optional.empty();
        }
    }
}
