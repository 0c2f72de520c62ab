package dev.meridian.world;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.WorldGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A grpc-java client of World.Connect with the generated stub, as a native client would use it. */
public final class GrpcTestClient implements AutoCloseable {
    public final BlockingQueue<ServerMessage> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Status> end = new CompletableFuture<>();
    /** The trailers the stream ended with (empty until it ended, or when it ended without any). */
    private volatile Metadata trailers = new Metadata();

    private final ManagedChannel channel;
    private final StreamObserver<ClientMessage> requests;
    private volatile ClientCallStreamObserver<ClientMessage> call;

    public GrpcTestClient(int port, String token) {
        this(port, token, false);
    }

    /**
     * @param stalled a client that does not read: it requests no message and gives the server a small flow-control
     *     window, so the server's writes soon block (until {@link #resumeReading})
     */
    public GrpcTestClient(int port, String token, boolean stalled) {
        this(port, token, stalled, Map.of());
    }

    /** A client that sends {@code headers} (e.g. a W3C {@code traceparent}) in the call's metadata too. */
    public GrpcTestClient(int port, String token, Map<String, String> headers) {
        this(port, token, false, headers);
    }

    private GrpcTestClient(int port, String token, boolean stalled, Map<String, String> headers) {
        NettyChannelBuilder builder =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
        channel = (stalled ? builder.flowControlWindow(4096) : builder).build();
        Metadata metadata = new Metadata();
        if (token != null) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        headers.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
        requests = WorldGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .connect(new ClientResponseObserver<ClientMessage, ServerMessage>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<ClientMessage> stream) {
                        call = stream;
                        if (stalled) {
                            stream.disableAutoRequestWithInitial(0);
                        }
                    }

                    @Override
                    public void onNext(ServerMessage value) {
                        messages.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        Metadata ended = Status.trailersFromThrowable(t);
                        if (ended != null) {
                            trailers = ended;
                        }
                        end.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(Status.OK);
                    }
                });
    }

    /** A stalled client starts reading again: whatever the server managed to send arrives, then the end. */
    public void resumeReading() {
        call.request(Integer.MAX_VALUE);
    }

    public void send(ClientMessage message) {
        requests.onNext(message);
    }

    /** The connection is lost: no half-close, the stream is reset and the channel goes away. */
    public void drop() {
        channel.shutdownNow();
    }

    public ServerMessage await(Predicate<ServerMessage> wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < deadline) {
                ServerMessage message = messages.poll(100, TimeUnit.MILLISECONDS);
                if (message != null && wanted.test(message)) {
                    return message;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no matching message within 10 s");
    }

    /** A trailer of the ended stream, or an empty string. */
    public String trailer(String name) {
        String value = trailers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
        return value == null ? "" : value;
    }

    public Status awaitEnd() {
        return end.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        try {
            requests.onCompleted();
        } catch (RuntimeException e) {
            // the call already ended
        }
        channel.shutdownNow();
    }
}
