package dev.meridian.world.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One upgraded WebSocket connection and its session, with the framing of RFC 6455 done here rather than by a
 * general-purpose codec: a client frame is unmasked straight from the socket's buffer into the array the session
 * decodes, and a server frame's header is written into the headroom of the frame's own buffer ({@link Out}), so the
 * connection's pipeline is this one handler and every frame leaves in one piece. Messages are whole (fragments joined
 * up to the session's limit, never beyond it); a frame over the ceiling is refused from its header, close 1009.
 */
final class WebSocketConnection extends ByteToMessageDecoder {
    private static final int FIN = 0x80;
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int PROTOCOL_ERROR = 1002;
    private static final int TOO_BIG = 1009;
    private static final int CLOSE_WAIT_SECONDS = 2;

    private final Gateway gateway;
    private final Caller caller;
    private final WireFormat format;
    private final String transportName;
    private final int ceiling;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean fragmented;
    private boolean oversized;
    private boolean failed;
    /** A close frame went out already: the session's own close must not send a second one. */
    private boolean closeSent;

    private WorldSession session;

    WebSocketConnection(Gateway gateway, Caller caller, WireFormat format, String transportName, int ceiling) {
        this.gateway = gateway;
        this.caller = caller;
        this.format = format;
        this.transportName = transportName;
        this.ceiling = ceiling;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session = new WorldSession(gateway, caller, new Out(ctx), format, transportName);
        session.start();
    }

    /**
     * Sends a close frame, then waits (up to {@link #CLOSE_WAIT_SECONDS}) for the client's close frame or its end of
     * the connection before closing the socket: closing it with frames of the client still unread would reset the
     * connection, and the client would lose the close frame (and the error before it) with them.
     */
    static void closeGracefully(ChannelHandlerContext ctx, int code, String reason) {
        ctx.writeAndFlush(closeFrame(ctx.alloc(), code, reason)).addListener(written -> {
            if (!written.isSuccess()) {
                ctx.close();
            } else {
                ctx.executor().schedule(() -> ctx.close(), CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        });
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.readableBytes() >= 2) {
            int start = in.readerIndex();
            int first = in.getUnsignedByte(start);
            int second = in.getUnsignedByte(start + 1);
            int opcode = first & 0x0F;
            boolean fin = (first & FIN) != 0;
            long length = second & 0x7F;
            int header = 2;
            if (length == 126) {
                if (in.readableBytes() < 4) {
                    return;
                }
                length = in.getUnsignedShort(start + 2);
                header = 4;
            } else if (length == 127) {
                if (in.readableBytes() < 10) {
                    return;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            if ((first & 0x70) != 0
                    || (second & 0x80) == 0
                    || length < 0
                    || (opcode >= CLOSE && (!fin || length > 125))) {
                // reserved bits without an extension, an unmasked client frame, a bad control frame
                fail(ctx, PROTOCOL_ERROR, "protocol error", CloseReason.TRANSPORT_ERROR);
                return;
            }
            if (length > ceiling) {
                // refused from its header alone, its payload never read (docs/protocol.md, "Frame size")
                fail(ctx, TOO_BIG, "frame too large", CloseReason.FRAME_TOO_LARGE);
                return;
            }
            int frameLength = header + 4 + (int) length;
            if (in.readableBytes() < frameLength) {
                return;
            }
            byte[] payload = new byte[(int) length];
            in.getBytes(start + header + 4, payload);
            unmask(payload, in.getInt(start + header));
            in.readerIndex(start + frameLength);
            frame(ctx, opcode, fin, payload);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void frame(ChannelHandlerContext ctx, int opcode, boolean fin, byte[] payload) {
        if (closeSent) {
            // closing: only the client's answering close frame matters now
            if (opcode == CLOSE) {
                ctx.close();
            }
            return;
        }
        switch (opcode) {
            case TEXT, BINARY -> {
                if (fragmented) {
                    fail(ctx, PROTOCOL_ERROR, "a new message inside a fragmented one", CloseReason.TRANSPORT_ERROR);
                } else if (fin) {
                    whole(payload);
                } else {
                    fragmented = true;
                    fragment(payload, false);
                }
            }
            case CONTINUATION -> {
                if (!fragmented) {
                    fail(ctx, PROTOCOL_ERROR, "a continuation without a message", CloseReason.TRANSPORT_ERROR);
                } else {
                    fragmented = !fin;
                    fragment(payload, fin);
                }
            }
            case PING -> {
                // a WebSocket-level ping keeps the session alive like a protocol Ping
                session.touch();
                ctx.writeAndFlush(controlFrame(ctx.alloc(), PONG, payload));
            }
            case PONG -> session.touch();
            case CLOSE ->
                session.disconnected(goodbye(payload) ? CloseReason.CLIENT_CLOSED : CloseReason.CONNECTION_LOST);
            default -> fail(ctx, PROTOCOL_ERROR, "unknown opcode", CloseReason.TRANSPORT_ERROR);
        }
    }

    /**
     * A close frame without a status, or with 1000 (normal) or 1001 (going away), ends the session for good; any other
     * code (a client about to reconnect, 4000 from /play's simulated drop) leaves the entity waiting for a resume.
     */
    private static boolean goodbye(byte[] payload) {
        if (payload.length < 2) {
            return true;
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        return code == 1000 || code == 1001;
    }

    private void whole(byte[] payload) {
        if (payload.length > gateway.settings().maxFrameBytes()) {
            session.refuseOversized();
        } else {
            session.receive(payload);
        }
    }

    /** Joins fragments, refusing a message larger than the limit without buffering it. */
    private void fragment(byte[] payload, boolean last) {
        if (!oversized && partial.size() + payload.length > gateway.settings().maxFrameBytes()) {
            oversized = true;
            partial.reset();
            session.refuseOversized();
        }
        if (!oversized) {
            partial.writeBytes(payload);
        }
        if (last) {
            if (!oversized) {
                session.receive(partial.toByteArray());
            }
            partial.reset();
            oversized = false;
        }
    }

    /** Ends a connection that broke the protocol (or sent a frame over the ceiling) with a close frame. */
    private void fail(ChannelHandlerContext ctx, int code, String reason, CloseReason why) {
        failed = true;
        closeSent = true;
        closeGracefully(ctx, code, reason);
        session.disconnected(why);
    }

    private static void unmask(byte[] payload, int mask) {
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= (byte) (mask >>> (24 - 8 * (i & 3)));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // after a close frame the session has ended already; without one the connection was lost
        session.disconnected(CloseReason.CONNECTION_LOST);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.disconnected(CloseReason.TRANSPORT_ERROR);
        ctx.close();
    }

    /** A close frame with a status code and a reason (at most 123 bytes of it, as the protocol allows). */
    static ByteBuf closeFrame(ByteBufAllocator alloc, int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 123);
        ByteBuf frame = alloc.buffer(4 + length);
        frame.writeByte(FIN | CLOSE).writeByte(2 + length).writeShort(code).writeBytes(text, 0, length);
        return frame;
    }

    private static ByteBuf controlFrame(ByteBufAllocator alloc, int opcode, byte[] payload) {
        ByteBuf frame = alloc.buffer(2 + payload.length);
        return frame.writeByte(FIN | opcode).writeByte(payload.length).writeBytes(payload);
    }

    /** Writes protocol frames with their WebSocket header in the buffer's headroom: one buffer, one piece. */
    private final class Out implements Transport {
        private final ChannelHandlerContext ctx;

        Out(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

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
            if (!closeSent && ctx.channel().isActive()) {
                closeSent = true;
                if (reason == CloseReason.CLIENT_CLOSED || reason == CloseReason.CONNECTION_LOST) {
                    // the answer to the client's close: the closing handshake is complete
                    ctx.writeAndFlush(closeFrame(ctx.alloc(), reason.webSocketCode(), reason.code()))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    closeGracefully(ctx, reason.webSocketCode(), reason.code());
                }
            }
        }

        @Override
        public void abort(CloseReason reason) {
            ctx.close();
        }
    }
}
