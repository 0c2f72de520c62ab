package dev.meridian.platform.events;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ids: UUIDs of version 7 (RFC 9562), the millisecond of the event in the first 48 bits, then a counter that
 * starts at a random point. Consumers only need them unique (they de-duplicate on them); a {@code UUID.randomUUID()}
 * per event read the operating system's random source on the publishing thread, a tick's among them. The random
 * 62-bit seed per publisher and the counter keep ids of one publisher distinct and those of many nodes apart; ids sort
 * by time, which helps whoever stores them.
 */
final class EventIds {
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT = 0x8000_0000_0000_0000L;
    private static final long LOW_62_BITS = 0x3FFF_FFFF_FFFF_FFFFL;

    private final long node;
    private final AtomicLong counter;

    EventIds() {
        SecureRandom random = new SecureRandom();
        this.node = random.nextLong();
        this.counter = new AtomicLong(random.nextLong());
    }

    /** A new id for an event that occurred at {@code epochMillis}. */
    UUID next(long epochMillis) {
        long count = counter.getAndIncrement();
        // version 7: 48 bits of time, 4 of version, 12 of the counter; then the variant and 62 bits of node ^ counter
        long high = (epochMillis << 16) | VERSION_7 | (count & 0xFFF);
        long low = VARIANT | ((node ^ (count >>> 12) * 0x9E37_79B9_7F4A_7C15L) & LOW_62_BITS);
        return new UUID(high, low);
    }
}
