package dev.meridian.platform.ratelimit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfCapacityPassesThenTokensComeBackAtTheRate() {
        TokenBucket bucket = TokenBucket.perSecond(10, 3, 0);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake(0), is(true));
        }
        assertThat(bucket.tryTake(0), is(false));
        assertThat(bucket.nanosUntilToken(0), is(SECOND / 10));
        assertThat(bucket.tryTake(SECOND / 10), is(true));
        assertThat(bucket.tryTake(SECOND / 10), is(false));
    }

    @Test
    void refillingStopsAtTheCapacity() {
        TokenBucket bucket = TokenBucket.perMinute(60, 2, 0);
        bucket.tryTake(0);
        assertThat(bucket.full(0), is(false));
        assertThat(bucket.full(3600 * SECOND), is(true));
        assertThat(bucket.tryTake(3600 * SECOND), is(true));
        assertThat(bucket.tryTake(3600 * SECOND), is(true));
        assertThat(bucket.tryTake(3600 * SECOND), is(false));
    }

    @Test
    void aBucketThatCouldNeverPassAnythingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.perSecond(0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.perSecond(10, 0, 0));
    }
}
