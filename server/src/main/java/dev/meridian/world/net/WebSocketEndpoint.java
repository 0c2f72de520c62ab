package dev.meridian.world.net;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.InvalidTokenException;
import dev.meridian.account.domain.AccountId;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/world/ws}: one listener per connection. The token (query {@code token} or {@code Authorization:
 * Bearer}) is checked during the upgrade, but a bad one does not refuse it: browsers cannot read a refused
 * upgrade, so the socket is accepted and closed at once with code 4401 (docs/protocol.md).
 */
public final class WebSocketEndpoint implements WsListener {
    public static final String PATH = "/v1/world/ws";
    static final String PROTO = "meridian.v1.proto";
    static final String JSON = "meridian.v1.json";
    private static final HeaderName SUBPROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");

    private final Gateway gateway;
    private final AccessTokens tokens;
    private final WireFormat proto;
    private final WireFormat json;
    private Optional<AccountId> account = Optional.empty();
    private boolean binary;
    private WorldSession session;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean oversized;

    WebSocketEndpoint(Gateway gateway, AccessTokens tokens, WireFormat proto, WireFormat json) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.proto = proto;
        this.json = json;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        Optional<String> token = prologue.query().contains("token")
                ? Optional.of(prologue.query().get("token"))
                : headers.first(HeaderNames.AUTHORIZATION)
                        .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                        .map(value -> value.substring(7).trim());
        try {
            account = token.map(tokens::verify);
        } catch (InvalidTokenException e) {
            account = Optional.empty();
        }
        List<String> offered = headers.values(SUBPROTOCOL).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .toList();
        boolean wantsProto = offered.contains(PROTO);
        boolean wantsJson = offered.contains(JSON);
        if (!offered.isEmpty() && !wantsProto && !wantsJson) {
            // a client that asked only for formats this server does not speak must not be handed JSON it did not
            // ask for (browsers would fail such a handshake anyway): refused, HTTP 400 (docs/protocol.md)
            throw new WsUpgradeException("unsupported subprotocol; offer " + PROTO + " or " + JSON);
        }
        binary = wantsProto;
        if (wantsProto || wantsJson) {
            WritableHeaders<?> chosen = WritableHeaders.create();
            chosen.set(SUBPROTOCOL, wantsProto ? PROTO : JSON);
            return Optional.of(chosen);
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession ws) {
        if (account.isEmpty()) {
            gateway.metrics().closed(CloseReason.UNAUTHORIZED);
            ws.close(CloseReason.UNAUTHORIZED.webSocketCode(), CloseReason.UNAUTHORIZED.code());
            return;
        }
        session = new WorldSession(
                gateway, account.get(), new WsTransport(ws), binary ? proto : json, binary ? "ws-proto" : "ws-json");
        session.start();
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        accept(text.getBytes(StandardCharsets.UTF_8), last);
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        accept(buffer.readBytes(), last);
    }

    /** Joins fragments into whole frames, refusing any frame larger than the limit without buffering it. */
    private void accept(byte[] bytes, boolean last) {
        if (session == null) {
            return;
        }
        int limit = gateway.settings().maxFrameBytes();
        if (!oversized && partial.size() + bytes.length > limit) {
            oversized = true;
            session.refuseOversized();
        }
        if (!oversized && (partial.size() > 0 || !last)) {
            partial.writeBytes(bytes);
        }
        if (!last) {
            return;
        }
        if (!oversized) {
            session.receive(partial.size() > 0 ? partial.toByteArray() : bytes);
        }
        partial.reset();
        oversized = false;
    }

    /** A WebSocket-level ping keeps the session alive like a protocol Ping (the transport answers it). */
    @Override
    public void onPing(WsSession ws, BufferData buffer) {
        if (session != null) {
            session.touch();
        }
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        if (session != null) {
            session.disconnected(CloseReason.CLIENT_CLOSED);
        }
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        if (session != null) {
            session.disconnected(CloseReason.TRANSPORT_ERROR);
        }
    }

    /** Frames go out as text or binary as the format says; close codes per {@link CloseReason}. */
    private record WsTransport(WsSession ws) implements Transport {
        @Override
        public void send(byte[] frame, boolean text) {
            if (text) {
                ws.send(new String(frame, StandardCharsets.UTF_8), true);
            } else {
                ws.send(BufferData.create(frame), true);
            }
        }

        @Override
        public void close(CloseReason reason) {
            try {
                ws.close(reason.webSocketCode(), reason.code());
            } catch (RuntimeException e) {
                // already closed by the client (or the socket was closed under a stuck write): nothing to tell it
            }
        }
    }
}
