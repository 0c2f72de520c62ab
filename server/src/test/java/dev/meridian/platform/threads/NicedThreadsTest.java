package dev.meridian.platform.threads;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The nice value a thread reports to the kernel ({@code /proc/thread-self/stat}), read by the thread itself. */
@EnabledOnOs(OS.LINUX)
class NicedThreadsTest {
    private static final ThreadFactory PLATFORM =
            Thread.ofPlatform().name("niced-test-", 0).factory();

    @Test
    void aNicedThreadRunsTheGivenNumberOfLevelsBelowItsCreatorAndTheCreatorKeepsItsOwn() throws Exception {
        int creator = niceOfThisThread();
        assertThat(NicedThreads.supported(), is(true));

        int niced = niceOf(new NicedThreads(PLATFORM, 5));

        assertThat(niced, is(Math.min(19, creator + 5)));
        assertThat("the calling thread is not changed", niceOfThisThread(), is(creator));
        assertThat("a plain thread of the same process", niceOf(PLATFORM), is(creator));
    }

    @Test
    void anIncrementOfZeroLeavesThePriorityAloneAndNoneBeyondNineteenIsTaken() throws Exception {
        assertThat(niceOf(new NicedThreads(PLATFORM, 0)), is(niceOfThisThread()));
        assertThat(niceOf(new NicedThreads(PLATFORM, 19)), is(19));
        assertThrows(IllegalArgumentException.class, () -> new NicedThreads(PLATFORM, 20));
        assertThrows(IllegalArgumentException.class, () -> new NicedThreads(PLATFORM, -1));
    }

    private static int niceOf(ThreadFactory threads) throws Exception {
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        Thread thread = threads.newThread(() -> nice.complete(niceOfThisThread()));
        thread.start();
        thread.join();
        return nice.get();
    }

    /** Field 19 of proc(5)'s stat; the name (field 2) is in parentheses and may hold spaces. */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
