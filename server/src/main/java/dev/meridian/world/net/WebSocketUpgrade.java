package dev.meridian.world.net;

import dev.meridian.account.app.BearerToken;
import dev.meridian.platform.ratelimit.TokenBuckets;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/world/ws}: checks the request, negotiates the subprotocol (docs/protocol.md) and upgrades. The token
 * (query {@code token} or {@code Authorization: Bearer}) is checked here, but a bad one does not refuse the upgrade:
 * browsers cannot read a refused upgrade, so the socket is accepted and closed at once with code 4401.
 */
final class WebSocketUpgrade extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final WorldProtocols protocols;

    WebSocketUpgrade(WorldProtocols protocols) {
        this.protocols = protocols;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (!request.decoderResult().isSuccess()) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", "the request could not be parsed");
            return;
        }
        if (!uri.path().equals(WorldPaths.WEBSOCKET)) {
            refuse(
                    ctx,
                    HttpResponseStatus.NOT_FOUND,
                    "not_found",
                    "this port serves only " + WorldPaths.WEBSOCKET + " and gRPC");
            return;
        }
        if (!request.method().equals(HttpMethod.GET)
                || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", "a WebSocket upgrade (GET) is expected here");
            return;
        }
        List<String> offered = request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .toList();
        boolean wantsProto = offered.contains(WorldPaths.PROTOBUF_SUBPROTOCOL);
        boolean wantsJson = offered.contains(WorldPaths.JSON_SUBPROTOCOL);
        if (!offered.isEmpty() && !wantsProto && !wantsJson) {
            // a client that asked only for formats this server does not speak must not be handed JSON it did not
            // ask for (browsers would fail such a handshake anyway): refused, HTTP 400 (docs/protocol.md)
            refuse(
                    ctx,
                    HttpResponseStatus.BAD_REQUEST,
                    "unsupported_subprotocol",
                    "unsupported subprotocol; offer " + WorldPaths.PROTOBUF_SUBPROTOCOL + " or "
                            + WorldPaths.JSON_SUBPROTOCOL);
            return;
        }
        String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || key.isBlank()) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", "Sec-WebSocket-Key is missing");
            return;
        }
        if (!"13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UPGRADE_REQUIRED);
            response.headers()
                    .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Optional<Duration> ipWait =
                protocols.gateway().limits().connect(ctx.channel().remoteAddress());
        if (ipWait.isPresent()) {
            refuseTooOften(ctx, ipWait.get());
            return;
        }
        HandshakeDone.mark(ctx.channel());
        String subprotocol =
                wantsProto ? WorldPaths.PROTOBUF_SUBPROTOCOL : wantsJson ? WorldPaths.JSON_SUBPROTOCOL : null;
        WireFormat format = wantsProto ? protocols.proto() : protocols.json();
        String transport = wantsProto ? "ws-proto" : "ws-json";
        protocols.authenticate(
                token(uri, request),
                request.headers()::get,
                ctx.executor(),
                caller -> upgrade(ctx, key.trim(), subprotocol, caller, format, transport));
    }

    /**
     * Answers 101 and swaps the HTTP codec for the world's WebSocket codec. The 101 is encoded by the HTTP codec
     * while it is still in place; what the client sends afterwards reaches the WebSocket codec.
     */
    private void upgrade(
            ChannelHandlerContext ctx,
            String key,
            String subprotocol,
            Optional<Caller> caller,
            WireFormat format,
            String transport) {
        if (!ctx.channel().isActive()) {
            return;
        }
        Optional<Duration> accountWait =
                caller.flatMap(known -> protocols.gateway().limits().connect(known.account()));
        if (accountWait.isPresent()) {
            refuseTooOften(ctx, accountWait.get());
            return;
        }
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers()
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, accept(key));
        if (subprotocol != null) {
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocol);
        }
        ctx.writeAndFlush(response);
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove("http-aggregate");
        if (caller.isEmpty()) {
            protocols.gateway().metrics().closed(CloseReason.UNAUTHORIZED);
            pipeline.remove(this);
            pipeline.replace("http", "ws-refused", new ClosingWebSocket());
            WebSocketConnection.closeGracefully(
                    ctx, CloseReason.UNAUTHORIZED.webSocketCode(), CloseReason.UNAUTHORIZED.code());
            return;
        }
        pipeline.remove(this);
        pipeline.replace(
                "http",
                "ws",
                new WebSocketConnection(
                        protocols.gateway(), caller.get(), format, transport, protocols.webSocketFrameCeiling()));
    }

    /** RFC 6455, section 4.2.2: the key with the protocol's GUID, SHA-1, base64. */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static Optional<String> token(QueryStringDecoder uri, FullHttpRequest request) {
        List<String> query = uri.parameters().get("token");
        if (query != null && !query.isEmpty()) {
            return Optional.of(query.getFirst());
        }
        return Optional.ofNullable(request.headers().get(HttpHeaderNames.AUTHORIZATION))
                .flatMap(BearerToken::parse);
    }

    /** Connects come too often from this address or account: 429 with when to try again (docs/protocol.md). */
    private static void refuseTooOften(ChannelHandlerContext ctx, Duration wait) {
        FullHttpResponse response =
                error(HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited", "too many connects; retry later");
        response.headers().set(HttpHeaderNames.RETRY_AFTER, TokenBuckets.retryAfterSeconds(wait));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Refuses with the server's JSON error shape and closes. */
    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
        ctx.writeAndFlush(error(status, code, message)).addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        byte[] body = ("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
