package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Fan-out threads on cores of their own ({@link ThreadPinning}): which cores a zone's group gets, and that the
 * threads really run pinned, read back from Linux ({@code /proc/thread-self/status}). Pinning happens on threads of
 * the test's own, never on the test runner's (a thread started from a pinned one would inherit its core).
 */
class ThreadPinningTest {
    private static final Path STATUS = Path.of("/proc/thread-self/status");

    @Test
    void readsTheAllowedCoresFromTheMaskBitByBit() {
        byte[] mask = new byte[128];
        mask[0] = 0b101;
        mask[2] = 0b1;
        mask[127] = (byte) 0x80;
        assertThat(ThreadPinning.coresOf(mask), is(new int[] {0, 2, 16, 1023}));
    }

    @Test
    void withoutPinningOrWithTooFewCoresNoCoreIsHandedOut() {
        assertThat(ThreadPinning.none().coresFor(2).length, is(0));
        ThreadPinning pinning = ThreadPinning.ofAllowedCores();
        int allowed = Runtime.getRuntime().availableProcessors();
        assertThat("more workers than cores", pinning.coresFor(allowed + 1).length, is(0));
        assertThat("one worker has no one to share with", pinning.coresFor(1).length, is(0));
    }

    @Test
    void eachZoneGetsDistinctCoresStartingOneFurtherOnThanTheZoneBefore() {
        assumeTrue(Files.exists(STATUS) && Runtime.getRuntime().availableProcessors() >= 2, "Linux, 2 cores");
        ThreadPinning pinning = ThreadPinning.ofAllowedCores();
        int[] first = pinning.coresFor(2);
        int[] second = pinning.coresFor(2);
        assertThat(first.length, is(2));
        assertThat(first[0], is(not(first[1])));
        assertThat("the next zone's tick thread starts on the core after", second[0], is(first[1]));
    }

    @Test
    void aPinnedThreadRunsOnItsCoreOnlyAndUnpinnedOnAllAllowedCoresAgain() throws InterruptedException {
        assumeTrue(Files.exists(STATUS) && Runtime.getRuntime().availableProcessors() >= 2, "Linux, 2 cores");
        ThreadPinning pinning = ThreadPinning.ofAllowedCores();
        String before = allowedCores();
        int core = pinning.coresFor(2)[1];
        AtomicReference<String> pinned = new AtomicReference<>();
        AtomicReference<String> unpinned = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            pinning.pinCurrentThread(core);
            pinned.set(allowedCores());
            pinning.unpinCurrentThread();
            unpinned.set(allowedCores());
        });
        thread.join();
        assertThat(pinned.get(), is(String.valueOf(core)));
        assertThat(unpinned.get(), is(before));
    }

    @Test
    void aFanOutRunsItsRoundsOnOneCorePerWorkerAndFreesTheTickThreadAfterTheTick() throws InterruptedException {
        assumeTrue(Files.exists(STATUS) && Runtime.getRuntime().availableProcessors() >= 2, "Linux, 2 cores");
        Map<Integer, String> coresByWorker = new ConcurrentHashMap<>();
        AtomicReference<String> afterTick = new AtomicReference<>();
        String before = allowedCores();
        Thread tickThread = Thread.ofPlatform().start(() -> {
            try (FanOut fanOut = FanOut.of(2, "pinned", ThreadPinning.ofAllowedCores())) {
                // enough rounds that the helper takes slices in some of them
                for (int round = 0; round < 200 && coresByWorker.size() < 2; round++) {
                    fanOut.tickStarting(4096);
                    try {
                        fanOut.forEach(4096, (from, to, worker) -> {
                            coresByWorker.putIfAbsent(worker, allowedCores());
                            busy();
                        });
                    } finally {
                        fanOut.tickEnded();
                    }
                }
                afterTick.set(allowedCores());
            }
        });
        tickThread.join();
        assertThat("both workers took slices", coresByWorker.keySet().size(), is(2));
        assertThat(coresByWorker.get(0).matches("\\d+"), is(true));
        assertThat(coresByWorker.get(1).matches("\\d+"), is(true));
        assertThat("one core each", coresByWorker.get(0), is(not(coresByWorker.get(1))));
        assertThat("the tick thread is free again between ticks", afterTick.get(), is(before));
    }

    /** Some work per slice, so that a slice outlasts the helper's wake-up. */
    private static void busy() {
        long until = System.nanoTime() + 20_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** The calling thread's allowed cores as Linux lists them (e.g. {@code 0-1} or {@code 1}). */
    private static String allowedCores() {
        try {
            return Files.readAllLines(STATUS).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
