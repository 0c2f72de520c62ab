package dev.meridian.client;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Why a world connection closed.
 *
 * @param kind who or what ended it
 * @param code the detail: the server's last error code, a WebSocket close code or a gRPC status, e.g.
 *     {@code session_replaced}, {@code ws_1000}, {@code UNAVAILABLE}
 * @param message human-readable text
 * @param reconnecting whether the connection will try again ({@link ReconnectPolicy}); false means this is final
 */
public record CloseReason(Kind kind, String code, String message, boolean reconnecting) {
    /** Who or what ended the connection. */
    public enum Kind {
        /** {@link WorldConnection#close()}. */
        CLIENT_CLOSED,
        /** The server ended the stream (after an error, a leave, a shutdown). */
        SERVER_CLOSED,
        /** The server refused the token. */
        AUTH_FAILED,
        /** No connection could be made. */
        CONNECT_FAILED,
        /** The connection broke (reset, protocol error). */
        TRANSPORT_ERROR
    }

    private static final Pattern CODE = Pattern.compile("^[a-z][a-z0-9_]{1,40}$");

    /**
     * Codes after which connecting again cannot help: another session took over, the character is not ours or gone,
     * an operator removed the player ({@code kicked}) or banned the account, or the kept password is refused.
     */
    private static final Set<String> FINAL =
            Set.of("session_replaced", "not_found", "character_deleted", "kicked", "banned", "invalid_credentials");

    /** Whether a close reason text from the server is one of its machine-readable codes. */
    static boolean isCode(String text) {
        return CODE.matcher(text).matches();
    }

    /**
     * Whether connecting again cannot help after this close, whatever the {@link ReconnectPolicy}: its code, or the
     * server's last error on the connection ({@code lastErrorCode}, empty when none), is one of the final ones.
     */
    boolean endsForGood(String lastErrorCode) {
        return FINAL.contains(code) || FINAL.contains(lastErrorCode);
    }

    CloseReason reconnecting(boolean willReconnect) {
        return new CloseReason(kind, code, message, willReconnect);
    }
}
