package dev.meridian.world.net;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Marks a connection that finished its protocol handshake, so the handshake deadline leaves it alone. */
final class HandshakeDone {
    private static final AttributeKey<Boolean> DONE = AttributeKey.valueOf("meridian.handshake-done");

    private HandshakeDone() {}

    static void mark(Channel channel) {
        channel.attr(DONE).set(Boolean.TRUE);
    }

    static boolean of(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(DONE).get());
    }
}
