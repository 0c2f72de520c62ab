package dev.meridian.world.net;

import dev.meridian.account.app.AccessTokens;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The realtime listener: WebSocket ({@code GET /v1/world/ws}) and gRPC ({@code meridian.world.v1.World/Connect})
 * on one port of their own, served by a few event-loop threads on Linux's epoll. Each loop owns many connections:
 * it reads whatever arrived on all of them per wake-up, and writes each session's frames of a tick with one system
 * call (docs/architecture.md, "Network path").
 */
public final class RealtimeServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RealtimeServer.class.getName());
    private final EventLoopGroup loops;
    private final Channel listener;
    private final boolean epoll;

    private RealtimeServer(EventLoopGroup loops, Channel listener, boolean epoll) {
        this.loops = loops;
        this.listener = listener;
        this.epoll = epoll;
    }

    public static RealtimeServer start(RealtimeSettings settings, Gateway gateway, AccessTokens tokens) {
        boolean epoll = settings.nativeTransport() && Epoll.isAvailable();
        if (settings.nativeTransport() && !epoll) {
            LOG.log(Level.WARNING, "event=realtime_native_unavailable cause=" + Epoll.unavailabilityCause());
        }
        IoHandlerFactory io = PacedIoHandler.pace(
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory(),
                settings.pollInterval().toNanos());
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
                settings.ioThreads(),
                Thread.ofPlatform().name("world-io-", 1).daemon(true).factory(),
                io);
        WorldProtocols protocols = new WorldProtocols(gateway, tokens, settings.grpcStreamWindowBytes());
        // above the high mark of bytes waiting in user space for a connection's socket, its client counts as not
        // keeping up and its snapshots are skipped (a crowd of 1,000's frame is about 4 KiB, a full one 50 KiB)
        int high = settings.outboundBufferBytes();
        WriteBufferWaterMark waterMark = new WriteBufferWaterMark(high / 2, high);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(loops)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel connection) {
                            connection.pipeline().addLast("sniff", new ProtocolSniffer(protocols));
                        }
                    });
            if (settings.sendBufferBytes() > 0) {
                bootstrap.childOption(ChannelOption.SO_SNDBUF, settings.sendBufferBytes());
            }
            Channel listener =
                    bootstrap.bind(settings.host(), settings.port()).sync().channel();
            RealtimeServer server = new RealtimeServer(loops, listener, epoll);
            LOG.log(
                    Level.INFO,
                    "event=realtime_listening port=" + server.port() + " transport=" + (epoll ? "epoll" : "nio")
                            + " io_threads=" + settings.ioThreads());
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("interrupted while binding the realtime listener", e);
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "cannot listen on " + settings.host() + ":" + settings.port() + " (world.port): " + e.getMessage(),
                    e);
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Whether the listener runs on Linux's native epoll (else the JDK's selector). */
    public boolean nativeTransport() {
        return epoll;
    }

    /** No new connections from here on; open ones stay until their sessions end. */
    public void stopAccepting() {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Closes every connection that is left and stops the event loops. */
    @Override
    public void close() {
        stopAccepting();
        loops.forEach(loop -> Outlet.release(loop));
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
