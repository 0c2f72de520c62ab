package dev.meridian.client;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.WorldGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The world over gRPC: one channel (one HTTP/2 connection) per link on the shared event loops, callbacks on the
 * event loop itself (direct executor) so no thread pool sits between the socket and the listener.
 */
final class GrpcLink implements Link {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Metadata.Key<String> RETRY_AFTER_MS =
            Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    /** World.Connect with the responses left as bytes: the connection decides how much of a snapshot to decode. */
    private static final MethodDescriptor<ClientMessage, byte[]> CONNECT = WorldGrpc.getConnectMethod().toBuilder(
                    ProtoUtils.marshaller(ClientMessage.getDefaultInstance()), new RawMarshaller())
            .build();

    private final ManagedChannel channel;
    private final ClientResources resources;
    private final Events events;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StreamObserver<ClientMessage> requests;
    private volatile boolean everReceived;

    private GrpcLink(ClientResources resources, WorldEndpoint endpoint, String token, Events events) {
        this.events = events;
        this.resources = resources;
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.grpcHost(), endpoint.grpcPort());
        if (endpoint.tls()) {
            builder.sslContext(resources.grpcTls()).useTransportSecurity();
        } else {
            builder.usePlaintext();
        }
        this.channel = builder.eventLoopGroup(resources.eventLoops())
                .channelType(resources.channelType())
                .directExecutor()
                // a fixed window: grpc-java's automatic window tuning pings the server whenever data arrives with no
                // ping outstanding, which for a stream of 20 snapshots a second is a ping (and a read and a write on
                // the server) per snapshot; 1 MiB holds several seconds of a crowd's snapshots
                .flowControlWindow(1 << 20)
                .build();
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        Channel authorized = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        this.requests =
                ClientCalls.asyncBidiStreamingCall(authorized.newCall(CONNECT, CallOptions.DEFAULT), new Responses());
    }

    static GrpcLink open(ClientResources resources, WorldEndpoint endpoint, String token, Events events) {
        GrpcLink link = new GrpcLink(resources, endpoint, token, events);
        // the stream is usable at once: grpc-java buffers until the connection is up
        events.opened(link);
        return link;
    }

    @Override
    public void send(ClientMessage message) {
        if (closed.get()) {
            return;
        }
        // StreamObserver is not thread-safe; onNext only queues the frame for the event loop, it does not block
        synchronized (this) {
            requests.onNext(message);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (this) {
                requests.onCompleted();
            }
            channel.shutdown();
            // the server normally ends the call at once; one that does not keep the connection forever
            if (!resources.schedule(channel::shutdownNow, 2_000)) {
                channel.shutdownNow();
            }
        }
    }

    private void finish(CloseReason reason) {
        closed.set(true);
        channel.shutdownNow();
        events.closed(this, reason);
    }

    private final class Responses implements StreamObserver<byte[]> {
        @Override
        public void onNext(byte[] message) {
            everReceived = true;
            events.received(GrpcLink.this, message);
        }

        @Override
        public void onError(Throwable failure) {
            Metadata trailers = Status.trailersFromThrowable(failure);
            if (trailers != null && trailers.containsKey(RETRY_AFTER_MS)) {
                // connecting too often (docs/protocol.md, "Connect and join limits"): wait as long as told
                events.toldToWait(Duration.ofMillis(parseMillis(trailers.get(RETRY_AFTER_MS))));
            }
            finish(closeReason(Status.fromThrowable(failure), everReceived, closed.get()));
        }

        @Override
        public void onCompleted() {
            finish(new CloseReason(CloseReason.Kind.SERVER_CLOSED, "OK", "the server ended the stream", false));
        }
    }

    /**
     * What a stream's end with {@code status} means; {@code everReceived}: the server had answered on this link,
     * {@code ourClose}: the client had ended it first.
     */
    static CloseReason closeReason(Status status, boolean everReceived, boolean ourClose) {
        String description = status.getDescription() == null ? "" : status.getDescription();
        // the server puts its close reason code (e.g. session_replaced, server_shutdown) in the description
        boolean serverCode = CloseReason.isCode(description);
        CloseReason.Kind kind = switch (status.getCode()) {
            case UNAUTHENTICATED -> CloseReason.Kind.AUTH_FAILED;
            case UNAVAILABLE ->
                serverCode
                        ? CloseReason.Kind.SERVER_CLOSED
                        : everReceived ? CloseReason.Kind.TRANSPORT_ERROR : CloseReason.Kind.CONNECT_FAILED;
            case CANCELLED -> ourClose ? CloseReason.Kind.CLIENT_CLOSED : CloseReason.Kind.SERVER_CLOSED;
            // PERMISSION_DENIED included: the server removed the player (kicked, banned); no token to renew
            default -> CloseReason.Kind.SERVER_CLOSED;
        };
        String code = serverCode ? description : status.getCode().name();
        String message = description.isEmpty() ? status.getCode().name() : status.getCode() + ": " + description;
        return new CloseReason(kind, code, message, false);
    }

    private static long parseMillis(String text) {
        try {
            return Math.max(0, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final class RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                if (stream instanceof KnownLength) {
                    // grpc knows the message's size: one exact array instead of readAllBytes' growing buffers
                    byte[] message = new byte[stream.available()];
                    int read = stream.readNBytes(message, 0, message.length);
                    if (read == message.length && stream.read() == -1) {
                        return message;
                    }
                    throw new IOException("message shorter or longer than announced");
                }
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL
                        .withDescription("unreadable message")
                        .withCause(e)
                        .asRuntimeException();
            }
        }
    }
}
