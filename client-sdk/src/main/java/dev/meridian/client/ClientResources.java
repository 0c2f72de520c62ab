package dev.meridian.client;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads and connection machinery that clients share: one {@link HttpClient} (REST and WebSocket), one small
 * Netty event loop group (gRPC) and one timer thread (pings, reconnect backoff).
 *
 * <p>Sharing one instance between many {@link MeridianClient}s is what lets a process hold thousands of world
 * connections on a handful of threads: every connection is multiplexed onto these threads, none gets a thread of
 * its own. Listener callbacks run on these threads too, so they must not block. Close it after the clients.
 */
public final class ClientResources implements AutoCloseable {
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final EventLoopGroup eventLoops;
    private final ScheduledExecutorService timer;
    private final boolean epoll;
    private final SslContext grpcTls;

    private ClientResources(int ioThreads, TlsTrust trust) {
        httpExecutor = Executors.newFixedThreadPool(ioThreads, daemonThreads("meridian-client-http"));
        http = HttpClient.newBuilder()
                .executor(httpExecutor)
                .sslContext(trust.jdk())
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        // native epoll where available (Linux): fewer system calls per message than the JDK selector
        epoll = Epoll.isAvailable();
        eventLoops = new MultiThreadIoEventLoopGroup(
                ioThreads,
                daemonThreads("meridian-client-grpc"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("meridian-client-timer"));
        grpcTls = trust.grpc();
    }

    /** Resources with one I/O thread per transport: enough for a game client and for hundreds of bots. */
    public static ClientResources create() {
        return create(1);
    }

    /**
     * Resources with more I/O threads, for processes that hold very many connections.
     *
     * @param ioThreads threads for the HTTP/WebSocket executor and, separately, for the gRPC event loops
     * @return new resources; close them after the clients that use them
     */
    public static ClientResources create(int ioThreads) {
        return create(ioThreads, TlsTrust.system());
    }

    /**
     * Resources that accept only servers whose certificate chains to one of the CA certificates in {@code pemFile}
     * (a private CA, or a self-signed server certificate), for {@code https}, {@code wss} and gRPC over TLS alike.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static ClientResources create(int ioThreads, Path pemFile) {
        return create(ioThreads, TlsTrust.of(pemFile));
    }

    private static ClientResources create(int ioThreads, TlsTrust trust) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1");
        }
        return new ClientResources(ioThreads, trust);
    }

    HttpClient http() {
        return http;
    }

    /** The TLS settings of gRPC channels to a world behind TLS. */
    SslContext grpcTls() {
        return grpcTls;
    }

    EventLoopGroup eventLoops() {
        return eventLoops;
    }

    /** The socket type that matches the event loops. */
    Class<? extends Channel> channelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Runs {@code task} after {@code delayMillis} on the timer thread; returns false (and does nothing) once these
     * resources are closed, so that closing connections after their resources never throws.
     */
    boolean schedule(Runnable task, long delayMillis) {
        try {
            timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs {@code task} every {@code periodMillis}; empty once these resources are closed. */
    Optional<ScheduledFuture<?>> scheduleEvery(Runnable task, long periodMillis) {
        try {
            return Optional.of(timer.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.shutdownNow();
        eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        httpExecutor.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
