package dev.meridian.world.net;

import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;

/** The gRPC status codes the world uses, as they go into trailers (grpc/doc/statuscodes.md). */
enum GrpcStatus {
    OK(0),
    CANCELLED(1),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    PERMISSION_DENIED(7),
    ABORTED(10),
    RESOURCE_EXHAUSTED(8),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    UNAUTHENTICATED(16);

    private final int code;

    GrpcStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** Sets {@code grpc-status} and, unless OK, {@code grpc-message} (percent-encoded as the protocol requires). */
    void into(Http2Headers trailers, String message) {
        trailers.setInt("grpc-status", code);
        if (this != OK && message != null && !message.isEmpty()) {
            trailers.set("grpc-message", percentEncoded(message));
        }
    }

    private static String percentEncoded(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '%') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
