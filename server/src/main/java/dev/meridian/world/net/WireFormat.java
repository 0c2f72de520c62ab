package dev.meridian.world.net;

import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.Welcome;
import dev.meridian.world.engine.ZoneChange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;

/**
 * One way of putting the protocol on the wire: protobuf (gRPC and WebSocket binary) or JSON (WebSocket text).
 * Snapshot encoders are per zone and per thread: the zone's tick thread and its fan-out helpers each use their own.
 */
public interface WireFormat {

    /** Whether frames are text (WebSocket text frames, UTF-8 bytes here). */
    boolean text();

    ClientRequest decode(byte[] frame);

    /** @param resumeToken what a Resume on a new connection presents if this one drops */
    byte[] welcome(Welcome welcome, String resumeToken, long serverTime);

    /** A portal took the player into another zone. */
    byte[] zoneChanged(ZoneChange change);

    /**
     * Encodes the viewer's snapshot straight into a pooled buffer, {@code headroom} bytes in (the transport's framing
     * goes there), so the frame reaches the socket without another copy.
     *
     * @return the buffer (owned by the caller), or null when there is nothing to send this tick
     */
    ByteBuf snapshot(ViewUpdate update, ByteBufAllocator alloc, int headroom);

    byte[] pong(Number clientTime, long serverTime, long tick);

    default byte[] error(String code, String message, int cid) {
        return error(code, message, cid, Duration.ZERO);
    }

    /** @param retryAfter when the client may try again; zero when the error says nothing about it */
    byte[] error(String code, String message, int cid, Duration retryAfter);

    /** An operators' message (admin broadcast): plain text, which clients show as text, never as markup. */
    byte[] notice(String text, long serverTime);
}
