package dev.meridian.platform.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids for requests that bring none: a random prefix drawn once per server plus a counter, e.g.
 * {@code 3f9a1c0be2d4-1b2f}. Unique across servers and restarts for correlating log lines; not secret and not meant to
 * be unguessable, so no random number generator runs per request (a {@code UUID.randomUUID()} reads the system's
 * entropy source, a system call, every few requests).
 */
final class RequestIds {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    RequestIds() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random) + "-";
    }

    String next() {
        return prefix + Long.toHexString(next.incrementAndGet());
    }
}
