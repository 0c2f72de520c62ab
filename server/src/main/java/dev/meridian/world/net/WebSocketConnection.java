package dev.meridian.world.net;

import dev.meridian.account.domain.AccountId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.Executor;

/**
 * One upgraded WebSocket connection and its session: whole messages in (fragments joined up to the session's
 * limit, never beyond it), frames out written straight into the socket's buffer by {@link Out}.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter {
    private final Gateway gateway;
    private final AccountId account;
    private final WireFormat format;
    private final String transportName;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean oversized;
    private WorldSession session;

    WebSocketConnection(Gateway gateway, AccountId account, WireFormat format, String transportName) {
        this.gateway = gateway;
        this.account = account;
        this.format = format;
        this.transportName = transportName;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session = new WorldSession(gateway, account, new Out(ctx), format, transportName);
        session.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(message);
            return;
        }
        try {
            switch (frame) {
                case BinaryWebSocketFrame data -> accept(data.content(), data.isFinalFragment());
                case TextWebSocketFrame data -> accept(data.content(), data.isFinalFragment());
                case ContinuationWebSocketFrame data -> accept(data.content(), data.isFinalFragment());
                case PingWebSocketFrame ping -> {
                    // a WebSocket-level ping keeps the session alive like a protocol Ping
                    session.touch();
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
                case PongWebSocketFrame pong -> session.touch();
                case CloseWebSocketFrame close -> session.disconnected(CloseReason.CLIENT_CLOSED);
                default -> {}
            }
        } finally {
            frame.release();
        }
    }

    /** Joins fragments into whole messages, refusing any message larger than the limit without buffering it. */
    private void accept(ByteBuf content, boolean last) {
        int limit = gateway.settings().maxFrameBytes();
        if (!oversized && partial.size() + content.readableBytes() > limit) {
            oversized = true;
            session.refuseOversized();
        }
        if (oversized) {
            if (last) {
                partial.reset();
                oversized = false;
            }
            return;
        }
        if (last && partial.size() == 0) {
            session.receive(ByteBufUtil.getBytes(content));
            return;
        }
        partial.writeBytes(ByteBufUtil.getBytes(content));
        if (last) {
            session.receive(partial.toByteArray());
            partial.reset();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.disconnected(CloseReason.CLIENT_CLOSED);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupt
                && corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            // a frame over the ceiling: the decoder refused it from its header alone and closes with 1009 itself
            session.disconnected(CloseReason.FRAME_TOO_LARGE);
        } else {
            session.disconnected(CloseReason.TRANSPORT_ERROR);
        }
        ctx.close();
    }

    /** Writes protocol frames with their WebSocket header in the buffer's headroom: one buffer, one piece. */
    private record Out(ChannelHandlerContext ctx) implements Transport {
        private static final int FIN = 0x80;
        private static final int TEXT = 0x1;
        private static final int BINARY = 0x2;

        @Override
        public Executor executor() {
            return ctx.channel().eventLoop();
        }

        @Override
        public ByteBufAllocator alloc() {
            return ctx.alloc();
        }

        @Override
        public void write(ByteBuf payload, boolean text) {
            int length = payload.readableBytes();
            int start;
            if (length < 126) {
                start = payload.readerIndex() - 2;
                payload.setByte(start + 1, length);
            } else if (length < 65536) {
                start = payload.readerIndex() - 4;
                payload.setByte(start + 1, 126);
                payload.setShort(start + 2, length);
            } else {
                start = payload.readerIndex() - 10;
                payload.setByte(start + 1, 127);
                payload.setLong(start + 2, length);
            }
            payload.setByte(start, FIN | (text ? TEXT : BINARY));
            payload.readerIndex(start);
            ctx.write(payload, ctx.voidPromise());
        }

        @Override
        public void flush() {
            ctx.flush();
        }

        @Override
        public boolean writable() {
            return ctx.channel().isWritable();
        }

        @Override
        public void close(CloseReason reason) {
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(new CloseWebSocketFrame(reason.webSocketCode(), reason.code()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void abort(CloseReason reason) {
            ctx.close();
        }
    }
}
