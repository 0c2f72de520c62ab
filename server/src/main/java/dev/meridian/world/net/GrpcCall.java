package dev.meridian.world.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.concurrent.Executor;

/**
 * One {@code World/Connect} stream: gRPC's length-prefixed messages in, the session's frames out as DATA frames
 * (response headers before the first, trailers with the close reason's status at the end). Runs on the connection's
 * event loop; {@link #writable()} is read by the tick's fan-out threads.
 */
final class GrpcCall implements Transport {
    /** gRPC's message prefix: a compression flag and a four-byte length. */
    private static final int PREFIX = 5;
    /** An HTTP/2 frame header: length, type, flags, stream id. */
    private static final int FRAME_HEADER = 9;

    private final ChannelHandlerContext ctx;
    /** The codec's own context: a write here goes straight to the socket's outbound buffer, past the codec. */
    private final ChannelHandlerContext beneathCodec;

    private final Http2FrameCodec codec;
    private final Http2FrameStream stream;
    /**
     * The codec's state of the stream, looked up once: the same object for the stream's whole life (its state says
     * when it closed), where a lookup by id per frame costs a hash probe.
     */
    private final Http2Stream http2;

    private final WorldSession session;
    private final int maxMessageBytes;
    /** Inbound bytes of a message that has not fully arrived yet. */
    private final ByteBuf pending = Unpooled.buffer(0);

    private boolean headersSent;
    /** Whether a frame since the last flush went through the codec (and its flow controller may hold bytes). */
    private boolean throughCodec;

    private boolean ended;
    private boolean refusing;
    private volatile boolean streamWritable = true;

    GrpcCall(
            ChannelHandlerContext ctx,
            Http2FrameCodec codec,
            Http2FrameStream stream,
            Gateway gateway,
            Caller caller,
            WireFormat format) {
        this.ctx = ctx;
        this.beneathCodec = ctx.pipeline().context(codec);
        this.codec = codec;
        this.stream = stream;
        this.http2 = codec.connection().stream(stream.id());
        this.maxMessageBytes = gateway.settings().maxFrameBytes();
        this.session = new WorldSession(gateway, caller, this, format, "grpc");
    }

    void start() {
        session.start();
    }

    /**
     * A DATA frame's bytes: whole messages go to the session, a partial one waits. A message whose prefix announces
     * more than the limit is refused from its prefix, without reading its body.
     */
    void received(ByteBuf data) {
        if (ended || refusing) {
            return;
        }
        pending.writeBytes(data);
        while (pending.readableBytes() >= PREFIX) {
            int start = pending.readerIndex();
            long length = pending.getUnsignedInt(start + 1);
            if (length > maxMessageBytes) {
                refusing = true;
                pending.clear();
                session.refuseOversized();
                return;
            }
            if (pending.readableBytes() < PREFIX + length) {
                break;
            }
            byte[] message = new byte[(int) length];
            pending.getBytes(start + PREFIX, message);
            pending.skipBytes(PREFIX + (int) length);
            // a compressed message (flag 1) cannot be what this server never offered: it fails to decode and is
            // answered with invalid_message like any other bad message
            session.receive(message);
        }
        pending.discardReadBytes();
    }

    /** The client ended its side of the stream: a clean Leave. */
    void halfClosed() {
        session.close(CloseReason.LEFT);
    }

    /**
     * The stream or the connection is gone (reset by the client, closed) without the half-close that says goodbye:
     * nothing more can be sent, and the entity waits for a resume.
     */
    void cancelled() {
        ended = true;
        if (pending.refCnt() > 0) {
            pending.release();
        }
        session.disconnected(CloseReason.CONNECTION_LOST);
    }

    /**
     * Inbound bytes read: they go back to the stream's window through the held stream, no lookup by id (a closed
     * stream's unconsumed bytes were given back when it closed, and this does nothing).
     */
    void consumed(int bytes) throws Http2Exception {
        codec.connection().local().flowController().consumeBytes(http2, bytes);
    }

    /** On the loop: whether the stream's flow-control window still takes data. */
    void refreshWritable() {
        streamWritable =
                sendable() && codec.connection().remote().flowController().isWritable(http2);
    }

    /** Whether the stream is still open for this side's DATA frames. */
    private boolean sendable() {
        return http2 != null && http2.state().localSideOpen();
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
        if (ended) {
            payload.release();
            return;
        }
        if (!headersSent) {
            headersSent = true;
            throughCodec = true;
            ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()
                            .status("200")
                            .set("content-type", "application/grpc")
                            .set("grpc-accept-encoding", "identity"))
                    .stream(stream));
        }
        int length = payload.readableBytes();
        int start = payload.readerIndex() - PREFIX;
        payload.setByte(start, 0);
        payload.setInt(start + 1, length);
        payload.readerIndex(start);
        if (!writeDirect(payload)) {
            throughCodec = true;
            ctx.write(new DefaultHttp2DataFrame(payload, false).stream(stream));
        }
    }

    /**
     * The common case, without Netty's flow-control queue: when nothing of the stream waits in that queue, the frame
     * fits the peer's largest frame and both its windows, the DATA frame header goes into the buffer's headroom and
     * the frame goes to the socket as it is, past the codec, its bytes taken from the windows the flow controller
     * keeps. Otherwise (a full snapshot larger than a frame, a window used up) the frame takes the flow controller's
     * path, which splits and queues it; frames never overtake each other because the direct path is only taken with
     * nothing queued.
     */
    private boolean writeDirect(ByteBuf message) {
        int length = message.readableBytes();
        Http2Connection connection = codec.connection();
        Http2RemoteFlowController flow = connection.remote().flowController();
        if (!sendable()
                || length > codec.encoder().configuration().frameSizePolicy().maxFrameSize()
                || flow.hasFlowControlled(http2)
                || flow.windowSize(http2) < length
                || flow.windowSize(connection.connectionStream()) < length) {
            return false;
        }
        try {
            flow.incrementWindowSize(http2, -length);
            flow.incrementWindowSize(connection.connectionStream(), -length);
        } catch (Http2Exception e) {
            return false;
        }
        int start = message.readerIndex() - FRAME_HEADER;
        message.setMedium(start, length);
        message.setByte(start + 3, 0); // DATA
        message.setByte(start + 4, 0); // no flags: the stream goes on
        message.setInt(start + 5, stream.id());
        message.readerIndex(start);
        beneathCodec.write(message, beneathCodec.voidPromise());
        return true;
    }

    @Override
    public void flush() {
        if (throughCodec) {
            // the codec's flush also writes what its flow controller queued
            throughCodec = false;
            ctx.flush();
        } else {
            // only ready-made DATA frames: nothing for the codec to do (the control frames it wrote, such as window
            // updates, are in the socket's outbound buffer already and leave with these)
            beneathCodec.flush();
        }
        refreshWritable();
    }

    @Override
    public boolean writable() {
        return streamWritable && ctx.channel().isWritable();
    }

    @Override
    public void close(CloseReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        if (!headersSent) {
            ctx.writeAndFlush(GrpcConnection.trailersOnly(stream, reason.grpcStatus(), reason.code()));
            return;
        }
        Http2Headers trailers = new DefaultHttp2Headers();
        reason.grpcStatus().into(trailers, reason.code());
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(trailers, true).stream(stream));
    }

    /**
     * The client does not read: a reset drops what is queued for the stream (other streams of the connection go
     * on); if the socket itself is full, the connection is closed.
     */
    @Override
    public void abort(CloseReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
        } else {
            ctx.close();
        }
    }
}
