package dev.meridian.client.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.Transport;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SwarmOptionsTest {
    @Test
    void defaultsAreALoopbackCrowdOverGrpc() {
        SwarmOptions options = SwarmOptions.parse();
        assertEquals("http://127.0.0.1:8080", options.server());
        assertEquals(Transport.GRPC, options.transport());
        assertEquals(MovePattern.Kind.CROWD, options.pattern());
        assertEquals(MovePhase.SPREAD, options.phase());
        assertEquals(OptionalLong.empty(), options.serverPid());
        assertTrue(options.duration().compareTo(Duration.ofMinutes(5)) < 0, "a run stops by itself");
    }

    @Test
    void parsesEveryOption() {
        SwarmOptions options = SwarmOptions.parse(
                "--server",
                "http://10.0.0.5:9000",
                "--bots",
                "500",
                "--transport",
                "ws-json",
                "--move-rate",
                "2.5",
                "--phase",
                "aligned",
                "--duration",
                "2m",
                "--warmup",
                "500ms",
                "--pattern",
                "spread",
                "--ramp",
                "50",
                "--prefix",
                "lt_1",
                "--password",
                "another-long-password",
                "--setup-concurrency",
                "2",
                "--setup-timeout",
                "60s",
                "--ping-interval",
                "0",
                "--io-threads",
                "2",
                "--server-pid",
                "4242",
                "--seed",
                "7");
        assertEquals("http://10.0.0.5:9000", options.server());
        assertEquals(500, options.bots());
        assertEquals(Transport.WEBSOCKET_JSON, options.transport());
        assertEquals("ws-json", options.transportName());
        assertEquals(2.5, options.moveRate());
        assertEquals(MovePhase.ALIGNED, options.phase());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(Duration.ofMillis(500), options.warmup());
        assertEquals(MovePattern.Kind.SPREAD, options.pattern());
        assertEquals(50, options.rampRate());
        assertEquals(2, options.setupConcurrency());
        assertEquals(Duration.ofSeconds(60), options.setupTimeout());
        assertEquals(Duration.ZERO, options.pingInterval());
        assertEquals(2, options.ioThreads());
        assertEquals(OptionalLong.of(4242), options.serverPid());
        assertEquals(7, options.seed());
    }

    @Test
    void botIdentitiesAreDeterministicAndValidNames() {
        SwarmOptions crowd = SwarmOptions.parse("--prefix", "longpref");
        assertEquals("longpref-00042@swarm.meridian.test", crowd.email(42));
        assertEquals("longpref-99999c", crowd.characterName(99_999));
        assertTrue(crowd.characterName(99_999).matches("^[A-Za-z0-9_-]{3,16}$"));
        SwarmOptions spread = SwarmOptions.parse("--pattern", "spread");
        assertEquals("bot-00001s", spread.characterName(1));
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--bots"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--bots", "many"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--bots", "0"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--transport", "udp"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--phase", "random"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--pattern", "circle"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--prefix", "has space"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--password", "short"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--duration", "soon"));
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.parse("--verbose", "yes"));
    }
}
