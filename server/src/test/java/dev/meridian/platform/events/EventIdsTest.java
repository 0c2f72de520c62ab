package dev.meridian.platform.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    private static final long AT = 1_764_547_200_000L; // 2025-12-01T00:00:00Z

    @Test
    void idsAreVersion7WithTheEventsMillisecondFirst() {
        UUID id = new EventIds().next(AT);
        assertThat(id.version(), is(7));
        assertThat(id.variant(), is(2));
        assertThat(id.getMostSignificantBits() >>> 16, is(AT));
    }

    @Test
    void idsOfOneMillisecondAreDistinctAcrossTheCountersWrapOfItsLowBits() {
        EventIds ids = new EventIds();
        Set<UUID> seen = new HashSet<>();
        // 2^14 ids in one millisecond: the 12 counter bits of the first half wrap four times, the low half keeps apart
        for (int i = 0; i < 1 << 14; i++) {
            assertThat(seen.add(ids.next(AT)), is(true));
        }
    }

    @Test
    void twoPublishersDoNotShareIds() {
        Set<UUID> seen = new HashSet<>();
        for (int publisher = 0; publisher < 100; publisher++) {
            EventIds ids = new EventIds();
            for (int i = 0; i < 100; i++) {
                assertThat(seen.add(ids.next(AT)), is(true));
            }
        }
    }
}
