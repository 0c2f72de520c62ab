package dev.meridian.world.net;

/**
 * The realtime listener ({@code world.*}, docs/configuration.md).
 *
 * @param host the address it binds
 * @param port its port (0: any free one)
 * @param ioThreads event-loop threads; each owns many connections
 * @param nativeTransport whether to use Linux epoll when it is available (else the JDK's NIO selector)
 */
public record RealtimeSettings(String host, int port, int ioThreads, boolean nativeTransport) {
    public RealtimeSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("world.port must be within 0..65535");
        }
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("world.io-threads must be within 1..64");
        }
    }
}
