package dev.meridian.world.net;

import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.Welcome;

/**
 * One way of putting the protocol on the wire: protobuf (gRPC and WebSocket binary) or JSON (WebSocket text).
 * Encoders for snapshots are per zone and must only be called on that zone's tick thread.
 */
public interface WireFormat {

    /** Whether frames are text (WebSocket text frames, UTF-8 bytes here). */
    boolean text();

    ClientRequest decode(byte[] frame);

    byte[] welcome(Welcome welcome, long serverTime);

    /** @return the frame, or null when there is nothing to send this tick */
    byte[] snapshot(ViewUpdate update);

    byte[] pong(Number clientTime, long serverTime, long tick);

    byte[] error(String code, String message, int cid);
}
