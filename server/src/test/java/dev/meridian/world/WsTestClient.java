package dev.meridian.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.proto.world.v1.ServerMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A java.net.http WebSocket client collecting whole frames (text as String, binary as byte[]) and the close. */
public final class WsTestClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    public final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    public volatile String closeReason;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private WebSocket socket;

    public static WsTestClient connect(URI uri, String... subprotocols) {
        return connect(uri, Map.of(), subprotocols);
    }

    /** @param headers extra headers of the upgrade request (e.g. a {@code traceparent}) */
    public static WsTestClient connect(URI uri, Map<String, String> headers, String... subprotocols) {
        WsTestClient client = new WsTestClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            String[] rest = java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length);
            builder.subprotocols(subprotocols[0], rest);
        }
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void sendText(String message) {
        socket.sendText(message, true).join();
    }

    /**
     * Sends while the connection is open; false once its output is closed. A client sending in a loop races the
     * server's close: the JDK answers the server's close frame (closing the output) on its own thread, between the
     * sender's check of {@link #closeCode} and its next send.
     */
    public boolean sendTextWhileOpen(String message) {
        try {
            socket.sendText(message, true).join();
            return true;
        } catch (CompletionException e) {
            if (socket.isOutputClosed()) {
                return false;
            }
            throw e;
        }
    }

    public void sendBinary(byte[] message) {
        socket.sendBinary(ByteBuffer.wrap(message), true).join();
    }

    /** The network fails: the connection ends without a close frame. */
    public void drop() {
        socket.abort();
    }

    /** Closes with {@code code}; anything but 1000 and 1001 is no goodbye, the entity waits for a resume. */
    public void closeWith(int code) {
        socket.sendClose(code, "reconnecting").join();
    }

    /** The next frame matching {@code wanted}, skipping others; fails after 10 s. */
    @SuppressWarnings("unchecked")
    public <T> T await(Class<T> type, Predicate<T> wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < deadline) {
                Object frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (type.isInstance(frame) && wanted.test((T) frame)) {
                    return (T) frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no matching frame within 10 s");
    }

    /** The next JSON frame whose {@code type} is {@code type}. */
    public JsonNode awaitJson(String type) {
        return json(await(
                String.class, frame -> type.equals(json(frame).path("type").asText())));
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    public static ServerMessage parse(byte[] frame) {
        try {
            return ServerMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    public int awaitClose() {
        return closeCode.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            frames.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            frames.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
