package dev.meridian.world.net;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.InvalidTokenException;
import dev.meridian.account.domain.AccountId;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code meridian.world.v1.World/Connect}. Messages cross this endpoint as raw protobuf bytes: inbound frames are
 * decoded by the session (with a size limit), and outbound snapshots are the bytes the encoder assembled from shared
 * fragments, so they are never parsed into message objects and re-serialised. On the wire this is exactly the
 * generated service of world.proto.
 */
public final class GrpcEndpoint {
    public static final String SERVICE = "meridian.world.v1.World";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcEndpoint() {}

    static ServerServiceDefinition definition(Gateway gateway, AccessTokens tokens, WireFormat proto) {
        RawBytes marshaller = new RawBytes(gateway.settings().maxFrameBytes());
        MethodDescriptor<byte[], byte[]> connect = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Connect"))
                .setRequestMarshaller(marshaller)
                .setResponseMarshaller(marshaller)
                .build();
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(connect, new ConnectHandler(gateway, tokens, proto))
                .build();
    }

    private record ConnectHandler(Gateway gateway, AccessTokens tokens, WireFormat proto)
            implements ServerCallHandler<byte[], byte[]> {

        @Override
        public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
            AccountId account;
            try {
                String header = headers.get(AUTHORIZATION);
                if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    throw new InvalidTokenException("no bearer token");
                }
                account = tokens.verify(header.substring(7).trim());
            } catch (InvalidTokenException e) {
                gateway.metrics().closed(CloseReason.UNAUTHORIZED);
                call.close(Status.UNAUTHENTICATED.withDescription("missing or invalid access token"), new Metadata());
                return new ServerCall.Listener<>() {};
            }
            WorldSession session = new WorldSession(gateway, account, new GrpcTransport(call), proto, "grpc");
            session.start();
            call.request(1);
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(byte[] message) {
                    session.receive(message);
                    call.request(1);
                }

                @Override
                public void onHalfClose() {
                    session.close(CloseReason.LEFT);
                }

                @Override
                public void onCancel() {
                    session.disconnected(CloseReason.CLIENT_CLOSED);
                }
            };
        }
    }

    /** The call is only used by the session's sender thread (ServerCall is not thread-safe), closing included. */
    private static final class GrpcTransport implements Transport {
        private final ServerCall<byte[], byte[]> call;
        private boolean headersSent;

        GrpcTransport(ServerCall<byte[], byte[]> call) {
            this.call = call;
        }

        @Override
        public void send(byte[] frame, boolean text) {
            if (!headersSent) {
                call.sendHeaders(new Metadata());
                headersSent = true;
            }
            call.sendMessage(frame);
        }

        @Override
        public void close(CloseReason reason) {
            try {
                call.close(reason == CloseReason.LEFT ? Status.OK : reason.grpcStatus(), new Metadata());
            } catch (RuntimeException e) {
                // the call already ended (client cancelled, or the stream failed with the write that was stuck)
            }
        }
    }

    /**
     * Byte arrays as messages. Reads at most one byte past the limit, so an oversized frame is recognised (and
     * refused by the session) without being buffered whole.
     */
    private record RawBytes(int limit) implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readNBytes(limit + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
