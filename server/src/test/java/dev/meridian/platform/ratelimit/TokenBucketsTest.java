package dev.meridian.platform.ratelimit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final TokenBuckets buckets = new TokenBuckets(3, 6, 1000, now::get);

    @Test
    void aBurstOfCapacityPassesThenTheNextWaitsForOneToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("ip"), is(Optional.empty()));
        }
        // 6 per minute: one token every 10 s
        assertThat(buckets.take("ip"), is(Optional.of(Duration.ofSeconds(10))));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(buckets.take("ip"), is(Optional.empty()));
        assertThat(buckets.take("ip").isPresent(), is(true));
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a");
        }
        assertThat(buckets.take("a").isPresent(), is(true));
        assertThat(buckets.take("b"), is(Optional.empty()));
    }

    @Test
    void refillingNeverExceedsTheCapacity() {
        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("ip"), is(Optional.empty()));
        }
        assertThat(buckets.take("ip").isPresent(), is(true));
    }

    @Test
    void fullBucketsAreForgottenWhenThereAreTooManyKeysButEmptyOnesAreKept() {
        TokenBuckets small = new TokenBuckets(1, 1, 2, now::get);
        small.take("attacker");
        small.take("idle-1");
        small.take("idle-2");
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        small.take("new");
        // the attacker's bucket has only half a token back, so it is still limited
        assertThat(small.take("attacker").isPresent(), is(true));
    }
}
