package dev.meridian.world.net;

/**
 * Why a session ended: the error code sent first (when the client can still be told), the WebSocket close code and
 * the gRPC status. docs/protocol.md lists them.
 */
enum CloseReason {
    LEFT("left", "the player left", 1000, GrpcStatus.OK, false),
    CLIENT_CLOSED("client_closed", "the client closed the connection", 1000, GrpcStatus.CANCELLED, false),
    /**
     * The connection ended without a goodbye: no Leave, no close 1000/1001, no gRPC half-close. The entity waits for a
     * resume. The WebSocket code is only ever the answer to a client's close frame (with another code).
     */
    CONNECTION_LOST("connection_lost", "the connection ended without a Leave", 1000, GrpcStatus.CANCELLED, false),
    SESSION_REPLACED("session_replaced", "another session joined with this character", 4409, GrpcStatus.ABORTED, true),
    RATE_LIMITED("rate_limited", "too many messages per second", 4429, GrpcStatus.RESOURCE_EXHAUSTED, true),
    INBOUND_OVERFLOW(
            "inbound_overflow",
            "too many commands waiting for the next tick",
            4429,
            GrpcStatus.RESOURCE_EXHAUSTED,
            true),
    FRAME_TOO_LARGE("frame_too_large", "frame exceeds the maximum size", 1009, GrpcStatus.RESOURCE_EXHAUSTED, true),
    IDLE_TIMEOUT("idle_timeout", "no message within the idle timeout", 4408, GrpcStatus.DEADLINE_EXCEEDED, true),
    JOIN_TIMEOUT(
            "join_timeout", "no character joined within the join timeout", 4408, GrpcStatus.DEADLINE_EXCEEDED, true),
    SLOW_CONSUMER(
            "slow_consumer", "the client does not read its snapshots", 4413, GrpcStatus.RESOURCE_EXHAUSTED, false),
    SERVER_SHUTDOWN("server_shutdown", "the server is shutting down", 1001, GrpcStatus.UNAVAILABLE, true),
    /** 1013 is the WebSocket's own "try again later"; the error frame says when. */
    SERVER_FULL("server_full", "the world is full, try again later", 1013, GrpcStatus.UNAVAILABLE, true),
    CHARACTER_DELETED("character_deleted", "the character was deleted", 4410, GrpcStatus.NOT_FOUND, true),
    UNAUTHORIZED("unauthorized", "missing or invalid access token", 4401, GrpcStatus.UNAUTHENTICATED, true),
    KICKED("kicked", "removed by an operator", 4403, GrpcStatus.PERMISSION_DENIED, true),
    BANNED("banned", "the account is banned", 4451, GrpcStatus.PERMISSION_DENIED, true),
    /** The client was sent a Redirect (as the last frame, instead of an error) to the node that runs its zone. */
    REDIRECTED("redirected", "the zone is served by another node", 4307, GrpcStatus.OK, false),
    /** This node stopped running the zone (its lease ended): the client joins again after the error's retry-after. */
    ZONE_UNAVAILABLE(
            "zone_unavailable", "the zone is moving to another node, join again", 1013, GrpcStatus.UNAVAILABLE, true),
    TRANSPORT_ERROR("transport_error", "the connection failed", 1011, GrpcStatus.UNAVAILABLE, false);

    private final String code;
    private final String message;
    private final int webSocketCode;
    private final GrpcStatus grpcStatus;
    private final boolean tellClient;

    CloseReason(String code, String message, int webSocketCode, GrpcStatus grpcStatus, boolean tellClient) {
        this.code = code;
        this.message = message;
        this.webSocketCode = webSocketCode;
        this.grpcStatus = grpcStatus;
        this.tellClient = tellClient;
    }

    String code() {
        return code;
    }

    String message() {
        return message;
    }

    int webSocketCode() {
        return webSocketCode;
    }

    /** The gRPC status a stream ends with; its message is {@link #code()}. */
    GrpcStatus grpcStatus() {
        return grpcStatus;
    }

    /**
     * Whether the player's entity stays in the world for the resume grace rather than leaving: the player did not
     * mean to go (the network failed or went silent), so a new connection may take it back.
     */
    boolean parksEntity() {
        return this == CONNECTION_LOST || this == TRANSPORT_ERROR || this == IDLE_TIMEOUT;
    }

    /** Whether an error frame with {@link #code()} is sent before closing. */
    boolean tellClient() {
        return tellClient;
    }
}
