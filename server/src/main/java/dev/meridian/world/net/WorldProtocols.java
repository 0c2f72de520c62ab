package dev.meridian.world.net;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.InvalidTokenException;
import dev.meridian.account.domain.AccountId;
import dev.meridian.platform.logging.KeyValueFormatter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.opentelemetry.context.Context;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/** What both realtime protocols share: the sessions' gateway, token checks, the wire formats, the pipelines. */
final class WorldProtocols {
    private static final System.Logger LOG = System.getLogger(WorldProtocols.class.getName());
    private final Gateway gateway;
    private final AccessTokens tokens;
    private final WireFormat proto = new ProtoFormat();
    private final WireFormat json = new JsonFormat();
    /**
     * Inbound HTTP/2 window per gRPC stream ({@code world.net.grpc-stream-window}): large by default, so that the
     * server seldom has to send WINDOW_UPDATE frames (the codec widens the connection's window to match).
     */
    private final int streamWindow;

    WorldProtocols(Gateway gateway, AccessTokens tokens, int streamWindow) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.streamWindow = streamWindow;
    }

    Gateway gateway() {
        return gateway;
    }

    WireFormat proto() {
        return proto;
    }

    WireFormat json() {
        return json;
    }

    /**
     * Checks a bearer token off the event loop (the check may ask Postgres whether the account still exists or revoked
     * its tokens) and hands the account, empty when the token is missing or not valid, to {@code then} on {@code loop}.
     */
    void authenticate(
            Optional<String> token, Function<String, String> headers, Executor loop, Consumer<Optional<Caller>> then) {
        Context caller = gateway.tracing().extract(headers);
        Thread.ofVirtual().name("world-auth").start(() -> {
            JoinTracing.Traced<Optional<AccountId>> checked =
                    gateway.tracing().authenticate(caller, () -> check(token));
            Optional<Caller> result = checked.value().map(account -> new Caller(account, checked.trace()));
            try {
                loop.execute(() -> then.accept(result));
            } catch (RejectedExecutionException e) {
                // the listener is shutting down: the connection goes with it
            }
        });
    }

    private Optional<AccountId> check(Optional<String> token) {
        try {
            return token.map(tokens::verify);
        } catch (InvalidTokenException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event=world_token_check_failed error=" + KeyValueFormatter.quote(e));
            return Optional.empty();
        }
    }

    /** The WebSocket frame ceiling: twice the session's limit (docs/protocol.md, "Frame size"). */
    int webSocketFrameCeiling() {
        return (int) Math.min(Integer.MAX_VALUE, 2L * gateway.settings().maxFrameBytes());
    }

    /** HTTP/1.1 until the WebSocket upgrade. */
    void http1(ChannelPipeline pipeline) {
        pipeline.addLast("http", new HttpServerCodec(4096, 8192, 8192));
        pipeline.addLast("http-aggregate", new HttpObjectAggregator(8192));
        pipeline.addLast("ws-upgrade", new WebSocketUpgrade(this));
    }

    /** HTTP/2 with prior knowledge (h2c), as gRPC clients speak it. */
    void http2(ChannelPipeline pipeline) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .initialWindowSize(streamWindow)
                        .maxConcurrentStreams(100)
                        .maxHeaderListSize(8192))
                .autoAckPingFrame(true)
                .autoAckSettingsFrame(true)
                .build();
        pipeline.addLast("h2", codec);
        pipeline.addLast("grpc", new GrpcConnection(this, codec));
    }
}
