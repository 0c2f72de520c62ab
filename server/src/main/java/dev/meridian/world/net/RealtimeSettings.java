package dev.meridian.world.net;

import java.time.Duration;

/**
 * The realtime listener ({@code world.*}, docs/configuration.md).
 *
 * @param host the address it binds
 * @param port its port (0: any free one)
 * @param ioThreads event-loop threads; each owns many connections
 * @param nativeTransport whether to use Linux epoll when it is available (else the JDK's NIO selector)
 * @param sendBufferBytes each connection's kernel send buffer ({@code SO_SNDBUF}); 0 leaves it to the kernel's
 *     auto-tuning
 * @param outboundBufferBytes bytes a connection may hold in user space beyond what its socket took before its
 *     client counts as not keeping up (its snapshots are then skipped)
 * @param pollInterval how often an idle event loop polls its sockets for what clients sent (zero: it waits in
 *     epoll for every message); work handed to a loop wakes it at once
 * @param grpcStreamWindowBytes the inbound HTTP/2 flow-control window of each gRPC stream: what a client may send
 *     on it before the server's next WINDOW_UPDATE
 */
public record RealtimeSettings(
        String host,
        int port,
        int ioThreads,
        boolean nativeTransport,
        int sendBufferBytes,
        int outboundBufferBytes,
        Duration pollInterval,
        int grpcStreamWindowBytes) {
    public RealtimeSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("world.port must be within 0..65535");
        }
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("world.net.io-threads must be within 1..64");
        }
        if (sendBufferBytes < 0) {
            throw new IllegalArgumentException("world.net.send-buffer must not be negative");
        }
        if (outboundBufferBytes < 1024) {
            throw new IllegalArgumentException("world.net.outbound-buffer must be at least 1024 bytes");
        }
        if (pollInterval.isNegative() || pollInterval.compareTo(Duration.ofMillis(50)) > 0) {
            throw new IllegalArgumentException("world.net.poll-interval must be within 0..50ms");
        }
        if (grpcStreamWindowBytes < 1024) {
            throw new IllegalArgumentException("world.net.grpc-stream-window must be at least 1024 bytes");
        }
    }
}
