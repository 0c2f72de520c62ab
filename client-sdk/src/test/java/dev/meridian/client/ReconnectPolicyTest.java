package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
    @Test
    void backoffDoublesUpToTheMaximum() {
        ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofMillis(1000), 0);
        assertEquals(Duration.ofMillis(100), policy.delay(1));
        assertEquals(Duration.ofMillis(200), policy.delay(2));
        assertEquals(Duration.ofMillis(800), policy.delay(4));
        assertEquals(Duration.ofMillis(1000), policy.delay(5));
        assertEquals(Duration.ofMillis(1000), policy.delay(60));
    }

    @Test
    void refusesNonsense() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ReconnectPolicy(true, Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ReconnectPolicy(true, Duration.ZERO, Duration.ofSeconds(1), 0));
    }
}
