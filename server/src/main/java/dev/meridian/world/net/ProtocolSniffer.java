package dev.meridian.world.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first bytes of a connection choose its protocol: the HTTP/2 connection preface ({@code PRI * HTTP/2.0}) is a
 * gRPC client, anything else HTTP/1.1 on its way to a WebSocket upgrade. A connection that says nothing, or does
 * not finish its upgrade, within {@link #HANDSHAKE_SECONDS} is closed.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    static final int HANDSHAKE_SECONDS = 10;
    private static final byte[] PREFACE = {'P', 'R', 'I', ' '};

    private final WorldProtocols protocols;
    private ScheduledFuture<?> deadline;

    ProtocolSniffer(WorldProtocols protocols) {
        this.protocols = protocols;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.channel()
                .eventLoop()
                .schedule(
                        () -> {
                            if (!HandshakeDone.of(ctx.channel())) {
                                ctx.close();
                            }
                        },
                        HANDSHAKE_SECONDS,
                        TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(closed -> deadline.cancel(false));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int available = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < available; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                protocols.http1(ctx.pipeline());
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (available == PREFACE.length) {
            // an HTTP/2 connection may rightly stay open without a stream (a gRPC channel between calls)
            HandshakeDone.mark(ctx.channel());
            protocols.http2(ctx.pipeline());
            ctx.pipeline().remove(this);
        }
    }
}
