package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An event loop whose sockets are polled at an interval still does all its work: what clients send is read (at the
 * next poll), work handed to the loop from other threads runs without waiting for a message to arrive, and scheduled
 * tasks run when due. A lost wake-up would hang one of these until the test's timeout.
 */
class PacedIoHandlerServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    // long enough that a loop which relied on the next poll instead of a wake-up would be slow, short for the reads
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
            1, PacedIoHandler.pace(epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory(), INTERVAL_NANOS));

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void echoesWhatClientsSendAcrossManyPolls() throws Exception {
        Channel server = new ServerBootstrap()
                .group(loops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext context, ByteBuf message) {
                                context.writeAndFlush(message.retain());
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
        try (Socket client = new Socket()) {
            client.connect((InetSocketAddress) server.localAddress(), (int) TIMEOUT.toMillis());
            client.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = client.getOutputStream();
            DataInputStream in = new DataInputStream(client.getInputStream());
            for (int i = 0; i < 20; i++) {
                byte[] sent = ("move " + i).getBytes(StandardCharsets.US_ASCII);
                out.write(sent);
                out.flush();
                byte[] echoed = new byte[sent.length];
                in.readFully(echoed);
                assertThat(echoed, is(sent));
            }
        } finally {
            server.close().sync();
        }
    }

    @Test
    void runsWorkHandedInFromOtherThreadsWhileResting() throws Exception {
        EventLoop loop = loops.next();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            loop.execute(() -> {
                ran.incrementAndGet();
                done.complete(loop.inEventLoop());
            });
            assertThat("the task ran on the loop", done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), is(true));
        }
        assertThat(ran.get(), is(200));
    }

    @Test
    void runsScheduledTasksWhenDue() throws Exception {
        EventLoop loop = loops.next();
        CompletableFuture<Long> fired = new CompletableFuture<>();
        long start = System.nanoTime();
        loop.schedule(() -> fired.complete(System.nanoTime()), 5, TimeUnit.MILLISECONDS);
        long at = fired.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat("not before it is due", at - start >= TimeUnit.MILLISECONDS.toNanos(5), is(true));
    }
}
