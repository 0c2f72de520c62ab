package dev.meridian.world.net;

import dev.meridian.account.app.BearerToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/2 connection of gRPC clients: each stream on {@code /meridian.world.v1.World/Connect} is a session
 * ({@link GrpcCall}). Messages cross as raw protobuf bytes: inbound ones are decoded by the session (with a size
 * limit), outbound snapshots are the bytes the encoder assembled, framed here. Everything runs on the connection's
 * event loop.
 */
final class GrpcConnection extends ChannelDuplexHandler {
    static final String CONNECT_PATH = "/meridian.world.v1.World/Connect";
    /** What a client may send before its token is checked: a Join and a few moves, never more. */
    private static final int MAX_BEFORE_AUTHENTICATED = 64 * 1024;

    /** The trailer that says how long a client refused {@code rate_limited} should wait. */
    static final AsciiString RETRY_AFTER_MS = AsciiString.cached("retry-after-ms");

    private static final AsciiString GRPC_CONTENT_TYPE = AsciiString.cached("application/grpc");

    private final WorldProtocols protocols;
    private final Http2FrameCodec codec;
    private final Map<Integer, GrpcCall> calls = new HashMap<>();
    private final Map<Integer, Authenticating> authenticating = new HashMap<>();

    /** A stream whose token is being checked: what its client sent meanwhile (bounded), and whether it ended. */
    private static final class Authenticating {
        final ByteBuf received = Unpooled.buffer(0);
        boolean halfClosed;
    }

    GrpcConnection(WorldProtocols protocols, Http2FrameCodec codec) {
        this.protocols = protocols;
        this.codec = codec;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            switch (message) {
                case Http2HeadersFrame headers -> onHeaders(ctx, headers);
                case Http2DataFrame data -> onData(ctx, data);
                case Http2ResetFrame reset -> {
                    GrpcCall call = calls.remove(reset.stream().id());
                    if (call != null) {
                        call.cancelled();
                    }
                    Authenticating waiting =
                            authenticating.remove(reset.stream().id());
                    if (waiting != null) {
                        waiting.received.release();
                    }
                }
                default -> {}
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onHeaders(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        Http2FrameStream stream = frame.stream();
        GrpcCall existing = calls.get(stream.id());
        if (existing != null) {
            // trailers from the client: it has nothing more to send
            if (frame.isEndStream()) {
                existing.halfClosed();
            }
            return;
        }
        Authenticating waiting = authenticating.get(stream.id());
        if (waiting != null) {
            waiting.halfClosed |= frame.isEndStream();
            return;
        }
        Http2Headers headers = frame.headers();
        CharSequence contentType = headers.get("content-type");
        if (contentType == null || !AsciiString.regionMatches(contentType, true, 0, GRPC_CONTENT_TYPE, 0, 16)) {
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(
                            new DefaultHttp2Headers().status("415").set("content-type", "text/plain"), true)
                    .stream(stream));
            return;
        }
        if (!"POST".contentEquals(headers.method()) || !CONNECT_PATH.contentEquals(headers.path())) {
            ctx.writeAndFlush(trailersOnly(stream, GrpcStatus.UNIMPLEMENTED, "unknown method " + headers.path()));
            return;
        }
        Optional<Duration> ipWait =
                protocols.gateway().limits().connect(ctx.channel().remoteAddress());
        if (ipWait.isPresent()) {
            ctx.writeAndFlush(tooOften(stream, ipWait.get()));
            return;
        }
        // the token check may ask Postgres: off the loop, with what the client sends meanwhile kept in order
        Authenticating started = new Authenticating();
        started.halfClosed = frame.isEndStream();
        authenticating.put(stream.id(), started);
        protocols.authenticate(
                Optional.ofNullable(headers.get("authorization"))
                        .map(CharSequence::toString)
                        .flatMap(BearerToken::parse),
                name -> Optional.ofNullable(headers.get(name))
                        .map(CharSequence::toString)
                        .orElse(null),
                ctx.executor(),
                caller -> authenticated(ctx, stream, caller));
    }

    private void authenticated(ChannelHandlerContext ctx, Http2FrameStream stream, Optional<Caller> caller) {
        Authenticating waiting = authenticating.remove(stream.id());
        if (waiting == null) {
            return; // reset by the client, or the connection is gone
        }
        if (caller.isEmpty()) {
            waiting.received.release();
            protocols.gateway().metrics().closed(CloseReason.UNAUTHORIZED);
            ctx.writeAndFlush(trailersOnly(stream, GrpcStatus.UNAUTHENTICATED, "missing or invalid access token"));
            return;
        }
        Optional<Duration> accountWait =
                protocols.gateway().limits().connect(caller.get().account());
        if (accountWait.isPresent()) {
            waiting.received.release();
            ctx.writeAndFlush(tooOften(stream, accountWait.get()));
            return;
        }
        GrpcCall call = new GrpcCall(ctx, codec, stream, protocols.gateway(), caller.get(), protocols.proto());
        calls.put(stream.id(), call);
        call.start();
        call.received(waiting.received);
        waiting.received.release();
        if (waiting.halfClosed) {
            call.halfClosed();
        }
    }

    private void onData(ChannelHandlerContext ctx, Http2DataFrame data) {
        GrpcCall call = calls.get(data.stream().id());
        if (call != null) {
            call.received(data.content());
            if (data.isEndStream()) {
                call.halfClosed();
            }
        } else {
            Authenticating waiting = authenticating.get(data.stream().id());
            if (waiting != null) {
                if (waiting.received.readableBytes() + data.content().readableBytes() > MAX_BEFORE_AUTHENTICATED) {
                    authenticating.remove(data.stream().id()).received.release();
                    ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.ENHANCE_YOUR_CALM).stream(data.stream()));
                } else {
                    waiting.received.writeBytes(data.content());
                    waiting.halfClosed |= data.isEndStream();
                }
            }
        }
        consumed(ctx, call, data);
    }

    /**
     * The frame's bytes are consumed: the window reopens (the flow controller writes a WINDOW_UPDATE only once half of
     * it is used up, flushed at the end of the read). Handed to the local flow controller directly: a
     * window-update frame object sent down the pipeline per DATA frame costs more than the bookkeeping it carries.
     * A stream with a call goes through the stream its call holds; only one still authenticating (or unknown) is
     * looked up by id.
     */
    private void consumed(ChannelHandlerContext ctx, GrpcCall call, Http2DataFrame data) {
        int bytes = data.initialFlowControlledBytes();
        if (bytes == 0) {
            return;
        }
        try {
            if (call != null) {
                call.consumed(bytes);
            } else {
                Http2Connection connection = codec.connection();
                // null or closed: the codec gave its unconsumed bytes back when it closed, and this does nothing
                connection
                        .local()
                        .flowController()
                        .consumeBytes(connection.stream(data.stream().id()), bytes);
            }
        } catch (Http2Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof Http2FrameStreamEvent streamEvent) {
            GrpcCall call = calls.get(streamEvent.stream().id());
            if (call != null) {
                if (streamEvent.type() == Http2FrameStreamEvent.Type.Writability) {
                    call.refreshWritable();
                } else if (streamEvent.stream().state() == Http2Stream.State.CLOSED) {
                    calls.remove(streamEvent.stream().id());
                    call.cancelled();
                }
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        calls.values().forEach(GrpcCall::cancelled);
        calls.clear();
        authenticating.values().forEach(waiting -> waiting.received.release());
        authenticating.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /**
     * Streams open too often from this address or account: {@code RESOURCE_EXHAUSTED} with message
     * {@code rate_limited} and, in {@code retry-after-ms}, when to try again (docs/protocol.md).
     */
    private static Http2HeadersFrame tooOften(Http2FrameStream stream, Duration wait) {
        Http2HeadersFrame refusal = trailersOnly(stream, GrpcStatus.RESOURCE_EXHAUSTED, "rate_limited");
        refusal.headers().setLong(RETRY_AFTER_MS, Math.max(1, wait.toMillis()));
        return refusal;
    }

    static Http2HeadersFrame trailersOnly(Http2FrameStream stream, GrpcStatus status, String message) {
        Http2Headers headers = new DefaultHttp2Headers().status("200").set("content-type", GRPC_CONTENT_TYPE);
        status.into(headers, message);
        return new DefaultHttp2HeadersFrame(headers, true).stream(stream);
    }
}
