package dev.meridian.client;

import dev.meridian.proto.world.v1.ClientMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The world over a WebSocket ({@code /v1/world/ws}) with the JDK's asynchronous client: binary protobuf frames, or
 * JSON text frames when {@code json} is set.
 *
 * <p>The JDK WebSocket allows one outstanding send at a time, so sends go through a queue drained by completion
 * callbacks rather than by a thread of our own.
 */
final class WebSocketLink implements Link, WebSocket.Listener {
    /** Messages queued towards a server that stopped reading before we give up on it. */
    private static final int MAX_QUEUED = 1024;

    private static final Object CLOSE = new Object();

    private final ClientResources resources;
    private final Events events;
    private final JsonCodec json;
    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile WebSocket socket;
    private volatile boolean closing;
    private ByteArrayOutputStream partialBinary;
    private StringBuilder partialText;

    private WebSocketLink(ClientResources resources, Events events, boolean json) {
        this.resources = resources;
        this.events = events;
        this.json = json ? new JsonCodec() : null;
    }

    static WebSocketLink open(
            ClientResources resources, WorldEndpoint endpoint, String token, boolean json, Events events) {
        WebSocketLink link = new WebSocketLink(resources, events, json);
        URI uri = endpoint.websocket();
        resources
                .http()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .subprotocols(json ? WorldPaths.JSON_SUBPROTOCOL : WorldPaths.PROTOBUF_SUBPROTOCOL)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, link)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        link.connectFailed(failure);
                    }
                });
        return link;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        // callbacks are cheap and serialized per socket, so take frames as fast as they come
        webSocket.request(Long.MAX_VALUE);
        events.opened(this);
        drain();
    }

    @Override
    public void send(ClientMessage message) {
        if (closing || finished.get()) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            abort(new CloseReason(
                    CloseReason.Kind.TRANSPORT_ERROR, "send_queue_full", "the server stopped reading", false));
            return;
        }
        outbox.add(message);
        drain();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        outbox.add(CLOSE);
        drain();
        // a server that never answers our close frame does not keep the socket forever
        if (!resources.schedule(this::abortSocket, 2_000)) {
            abortSocket();
        }
    }

    /** Writes queued items one at a time; the next write starts when the previous one completes. */
    private void drain() {
        while (socket != null && sending.compareAndSet(false, true)) {
            Object item = outbox.poll();
            if (item == null) {
                sending.set(false);
                if (outbox.isEmpty()) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            CompletableFuture<WebSocket> write = write(socket, item);
            if (!write.isDone()) {
                write.whenComplete((ignored, failure) -> {
                    sending.set(false);
                    if (failure != null) {
                        writeFailed(failure);
                    } else {
                        drain();
                    }
                });
                return;
            }
            sending.set(false);
            if (write.isCompletedExceptionally()) {
                writeFailed(write.handle((ignored, failure) -> failure).join());
                return;
            }
        }
    }

    private CompletableFuture<WebSocket> write(WebSocket webSocket, Object item) {
        if (item == CLOSE) {
            return webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ClientMessage message = (ClientMessage) item;
        return json == null
                ? webSocket.sendBinary(ByteBuffer.wrap(message.toByteArray()), true)
                : webSocket.sendText(json.encode(message), true);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last && partialBinary == null) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            events.received(this, bytes);
            return null;
        }
        if (partialBinary == null) {
            partialBinary = new ByteArrayOutputStream();
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.writeBytes(chunk);
        if (last) {
            byte[] bytes = partialBinary.toByteArray();
            partialBinary = null;
            events.received(this, bytes);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (partialText == null) {
            partialText = new StringBuilder();
        }
        partialText.append(data);
        if (last) {
            String text = partialText.toString();
            partialText = null;
            if (json == null) {
                return null;
            }
            try {
                events.decoded(this, json.decode(text), text.getBytes(StandardCharsets.UTF_8).length);
            } catch (IllegalArgumentException e) {
                abort(new CloseReason(CloseReason.Kind.TRANSPORT_ERROR, "bad_message", e.getMessage(), false));
            }
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        finish(closeReason(statusCode, reason, closing));
        return null;
    }

    /** What a close frame means; {@code ourClose}: the client had sent its own close first. */
    static CloseReason closeReason(int statusCode, String reason, boolean ourClose) {
        CloseReason.Kind kind = ourClose
                ? CloseReason.Kind.CLIENT_CLOSED
                : statusCode == 4401 // the server accepts the upgrade and closes with 4401 on a bad token
                        ? CloseReason.Kind.AUTH_FAILED
                        : CloseReason.Kind.SERVER_CLOSED;
        // the server puts its close reason code (e.g. session_replaced) in the close frame's reason
        String code = CloseReason.isCode(reason) ? reason : "ws_" + statusCode;
        return new CloseReason(kind, code, "WebSocket close " + statusCode + " " + reason, false);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        finish(new CloseReason(
                CloseReason.Kind.TRANSPORT_ERROR, "io_error", String.valueOf(error.getMessage()), false));
    }

    private void connectFailed(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            // the server itself never refuses a token at the upgrade (it closes with 4401) and answers 400 only for
            // a request it cannot serve; a proxy in front of it may answer 401/403
            CloseReason.Kind kind =
                    status == 401 || status == 403 ? CloseReason.Kind.AUTH_FAILED : CloseReason.Kind.CONNECT_FAILED;
            if (status == 429) {
                // connecting too often (docs/protocol.md, "Connect and join limits"): wait as long as told
                Duration wait = handshake
                        .getResponse()
                        .headers()
                        .firstValue("Retry-After")
                        .map(RestJson::seconds)
                        .orElse(Duration.ZERO);
                events.toldToWait(wait);
                finish(new CloseReason(kind, "rate_limited", "WebSocket upgrade refused: too many connects", false));
                return;
            }
            finish(new CloseReason(kind, "http_" + status, "WebSocket upgrade refused", false));
        } else {
            finish(new CloseReason(
                    CloseReason.Kind.CONNECT_FAILED, "connect_failed", String.valueOf(cause.getMessage()), false));
        }
    }

    private void writeFailed(Throwable failure) {
        abort(new CloseReason(
                CloseReason.Kind.TRANSPORT_ERROR, "io_error", String.valueOf(failure.getMessage()), false));
    }

    private void abort(CloseReason reason) {
        finish(reason);
        WebSocket webSocket = socket;
        if (webSocket != null) {
            webSocket.abort();
        }
    }

    private void abortSocket() {
        abort(new CloseReason(CloseReason.Kind.CLIENT_CLOSED, "aborted", "closed without the server's answer", false));
    }

    private void finish(CloseReason reason) {
        if (finished.compareAndSet(false, true)) {
            outbox.clear();
            events.closed(this, reason);
        }
    }
}
