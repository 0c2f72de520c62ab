package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoRegistration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the paced loop lets epoll block and when it polls: a quiet loop waits in epoll for the next message (an idle
 * server does not wake hundreds of times a second), a busy one polls without blocking until a poll finds nothing.
 */
class PacedIoHandlerTest {
    /** A loop's I/O handler that reports, per run, whether it was allowed to block, and finds what it is told. */
    private static final class ScriptedIo implements IoHandler {
        final Deque<Integer> ready = new ArrayDeque<>();
        final List<Boolean> mayBlock = new ArrayList<>();

        @Override
        public int run(IoHandlerContext context) {
            mayBlock.add(context.canBlock());
            return ready.isEmpty() ? 0 : ready.poll();
        }

        @Override
        public IoRegistration register(IoHandle handle) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void wakeup() {}

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return true;
        }
    }

    private record Idle() implements IoHandlerContext {
        @Override
        public boolean canBlock() {
            return true;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return Long.MAX_VALUE / 4;
        }

        @Override
        public long deadlineNanos() {
            return -1;
        }
    }

    @Test
    void blocksInEpollWhileQuietAndPollsWhileMessagesKeepComing() {
        ScriptedIo io = new ScriptedIo();
        // a poll interval of a microsecond: the rest between polls is there, but the test does not wait for it
        IoHandler paced = PacedIoHandler.pace(executor -> io, 1_000).newHandler(null);
        io.ready.addAll(List.of(0, 3, 5, 2, 0, 0, 1, 0));
        for (int i = 0; i < 8; i++) {
            paced.run(new Idle());
        }
        // quiet at first; a message makes it poll; polls go on while they find something; an empty one stops them
        assertThat(io.mayBlock, is(List.of(true, true, false, false, false, true, true, false)));
    }

    @Test
    void withoutAnIntervalTheLoopIsLeftAsItIs() {
        ScriptedIo io = new ScriptedIo();
        assertThat(PacedIoHandler.pace(executor -> io, 0).newHandler(null), is(io));
    }
}
