package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.testing.DocumentedClose;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way docs/protocol.md says the server ends a session, over WebSocket and gRPC, leads to the outcome a game
 * needs: a refused token is renewed, a player the server removed or replaced stays out, anything else is retried.
 */
class CloseOutcomeTest {
    /** After these, connecting again cannot help (protocol.md: replaced, deleted, kicked, banned). */
    private static final Set<String> FINAL = Set.of("session_replaced", "character_deleted", "kicked", "banned");

    static List<DocumentedClose> documented() {
        return DocumentedClose.read();
    }

    @Test
    void theDocumentedClosesIncludeEveryOneThisTestExpects() {
        List<String> codes = documented().stream().map(DocumentedClose::code).toList();
        assertTrue(codes.containsAll(FINAL), codes.toString());
        assertTrue(codes.containsAll(List.of("unauthorized", "server_shutdown", "server_full", "rate_limited")));
    }

    @ParameterizedTest
    @MethodSource("documented")
    void overWebSocket(DocumentedClose close) {
        expectOutcome(close, WebSocketLink.closeReason(close.webSocketCode(), close.code(), false));
    }

    @ParameterizedTest
    @MethodSource("documented")
    void overGrpc(DocumentedClose close) {
        Status status = Status.fromCode(Status.Code.valueOf(close.grpcStatus())).withDescription(close.code());
        expectOutcome(close, GrpcLink.closeReason(status, true, false));
    }

    private static void expectOutcome(DocumentedClose close, CloseReason reason) {
        assertEquals(close.code(), reason.code());
        CloseReason.Kind kind =
                close.code().equals("unauthorized") ? CloseReason.Kind.AUTH_FAILED : CloseReason.Kind.SERVER_CLOSED;
        assertEquals(kind, reason.kind(), reason.toString());
        assertEquals(FINAL.contains(close.code()), reason.endsForGood(""), reason.toString());
    }

    @Test
    void theErrorFrameAloneIsEnoughWhenTheCloseItselfGetsLost() {
        CloseReason dropped = new CloseReason(CloseReason.Kind.TRANSPORT_ERROR, "io_error", "reset", false);
        assertTrue(dropped.endsForGood("kicked"));
        assertTrue(dropped.endsForGood("banned"));
        assertFalse(dropped.endsForGood("rate_limited"));
        assertFalse(dropped.endsForGood(""));
    }

    @Test
    void closesWithoutAReasonCodeAreRetried() {
        // a frame too large for the WebSocket layer is refused from its header: close 1009 with a plain-text reason
        CloseReason tooLarge = WebSocketLink.closeReason(1009, "frame too large", false);
        assertEquals("ws_1009", tooLarge.code());
        assertEquals(CloseReason.Kind.SERVER_CLOSED, tooLarge.kind());
        assertFalse(tooLarge.endsForGood(""));
        // a frame that breaks RFC 6455 (the JDK's client never sends one)
        CloseReason broken = WebSocketLink.closeReason(1002, "protocol error", false);
        assertEquals("ws_1002", broken.code());
        assertFalse(broken.endsForGood(""));
        // a slow consumer's gRPC stream is reset (CANCEL) without a description
        CloseReason reset = GrpcLink.closeReason(Status.CANCELLED, true, false);
        assertEquals(CloseReason.Kind.SERVER_CLOSED, reset.kind());
        assertFalse(reset.endsForGood(""));
        // the world's port does not answer
        CloseReason down = GrpcLink.closeReason(Status.UNAVAILABLE.withDescription("io exception"), false, false);
        assertEquals(CloseReason.Kind.CONNECT_FAILED, down.kind());
        assertFalse(down.endsForGood(""));
    }

    @Test
    void ourOwnCloseIsTheClients() {
        assertEquals(
                CloseReason.Kind.CLIENT_CLOSED,
                WebSocketLink.closeReason(1000, "left", true).kind());
        assertEquals(
                CloseReason.Kind.CLIENT_CLOSED,
                GrpcLink.closeReason(Status.CANCELLED, true, true).kind());
    }

    @Test
    void aBannedAccountOrARefusedPasswordEndsTheConnectionButAnUnreachableServerDoesNot() {
        CloseReason banned = WorldConnection.renewalFailed(new CompletionException(refusal(403, "banned")));
        assertEquals(CloseReason.Kind.AUTH_FAILED, banned.kind());
        assertEquals("banned", banned.code());
        assertTrue(banned.endsForGood(""));
        assertTrue(WorldConnection.renewalFailed(refusal(401, "invalid_credentials"))
                .endsForGood(""));
        CloseReason unreachable = WorldConnection.renewalFailed(refusal(0, MeridianApiException.NETWORK_ERROR));
        assertEquals("login_failed", unreachable.code());
        assertFalse(unreachable.endsForGood(""));
        assertFalse(WorldConnection.renewalFailed(refusal(503, "busy")).endsForGood(""));
    }

    private static MeridianApiException refusal(int status, String code) {
        return new MeridianApiException(status, code, code, Map.of(), Duration.ZERO, null);
    }
}
