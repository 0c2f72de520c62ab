package dev.meridian.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import dev.meridian.world.WorldFixtures;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "HTTP abuse": 2,000 WebSocket connections that upgrade and then never join are closed by the join timeout
 * ({@code world.session.join-timeout}, 2 s here) with {@code join_timeout} (close 4408), and the memory they held is
 * given back. Heap and Netty's direct memory are measured (after a full collection) before, while they are open and
 * after, and printed; the test asserts generous bounds (the server runs in this JVM with its test client).
 */
class UnjoinedConnectionsServerTest {
    private static final int CONNECTIONS = 2000;

    @Test
    void connectionsThatNeverJoinAreClosedByTheJoinTimeoutAndTheirMemoryIsGivenBack() throws Exception {
        try (TestServer server = TestServer.start(Map.of(
                "world.session.join-timeout", "PT2S",
                "world.connect-limit.ip.capacity", "100000",
                "world.connect-limit.account.capacity", "100000"))) {
            String token = new WorldFixtures(server).player("loiterer", 5, 5).token();
            Memory baseline = Memory.now();
            List<SocketChannel> connections = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    connections.add(upgraded(server.worldPort(), token));
                }
                Memory open = Memory.now();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int closedWithJoinTimeout = 0;
                ByteBuffer frame = ByteBuffer.allocate(256);
                for (SocketChannel connection : connections) {
                    closedWithJoinTimeout += closeCode(connection, frame, deadline) == 4408 ? 1 : 0;
                }
                for (SocketChannel connection : connections) {
                    connection.close();
                }
                connections.clear();
                awaitNoSessions(server);
                Memory after = Memory.now();
                System.out.println(String.format(
                        Locale.ROOT,
                        "reliability scenario=unjoined_connections connections=%d closed_join_timeout=%d"
                                + " heap_mib_before=%.1f heap_mib_open=%.1f heap_mib_after=%.1f heap_kib_per_connection=%.1f"
                                + " direct_mib_before=%.1f direct_mib_open=%.1f direct_mib_after=%.1f",
                        CONNECTIONS,
                        closedWithJoinTimeout,
                        baseline.heapMib(),
                        open.heapMib(),
                        after.heapMib(),
                        (open.heap - baseline.heap) / 1024.0 / CONNECTIONS,
                        baseline.directMib(),
                        open.directMib(),
                        after.directMib()));
                assertThat(closedWithJoinTimeout, is(CONNECTIONS));
                assertThat(
                        "KiB of heap per open connection",
                        (open.heap - baseline.heap) / 1024.0 / CONNECTIONS,
                        lessThan(64.0));
                assertThat(
                        "MiB of heap kept after they closed", (after.heap - baseline.heap) / 1048576.0, lessThan(16.0));
            } finally {
                for (SocketChannel connection : connections) {
                    connection.close();
                }
            }
        }
    }

    /** A WebSocket upgrade on a bare blocking socket with a small buffer (the client must not weigh in the heap). */
    private static SocketChannel upgraded(int port, String token) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.write(ByteBuffer.wrap(("GET /v1/world/ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: meridian.v1.proto\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer head = ByteBuffer.allocate(512);
        while (!new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
            if (channel.read(head) < 0) {
                throw new IOException("closed during the upgrade");
            }
        }
        String response = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException(
                    "upgrade refused: " + response.lines().findFirst().orElse(""));
        }
        return channel;
    }

    /** Reads (blocking) until the server's close frame; its code, or -1 if the connection ended without one. */
    private static int closeCode(SocketChannel channel, ByteBuffer frame, long deadline) throws IOException {
        frame.clear();
        while (System.nanoTime() < deadline) {
            if (channel.read(frame) < 0) {
                break;
            }
            ByteBuffer view = frame.duplicate().flip();
            while (view.remaining() >= 2) {
                int opcode = view.get(view.position()) & 0x0F;
                int length = view.get(view.position() + 1) & 0x7F;
                if (view.remaining() < 2 + length) {
                    break;
                }
                if (opcode == 0x8) {
                    return length >= 2 ? view.getShort(view.position() + 2) & 0xFFFF : 1005;
                }
                view.position(view.position() + 2 + length);
            }
        }
        return -1;
    }

    private static void awaitNoSessions(TestServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Metrics.value(server, "world_sessions", "") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Heap in use after a full collection, and Netty's pooled direct memory in use. */
    private record Memory(long heap, long direct) {
        static Memory now() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
            }
            return new Memory(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
        }

        double heapMib() {
            return heap / 1048576.0;
        }

        double directMib() {
            return direct / 1048576.0;
        }
    }
}
