package dev.meridian.client.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Smoke runs of the swarm against the real server: the report has every field, and nothing went wrong. */
class BotSwarmServerTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        // every bot logs in from 127.0.0.1: the per-IP login limit is not under test here
        server = TestServer.start(Map.of(
                "auth.rate-limit.ip.capacity", "100000",
                "auth.rate-limit.ip.per-minute", "100000"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode swarm(String transport) throws Exception {
        return swarm(transport, "spread");
    }

    private static JsonNode swarm(String transport, String phase) throws Exception {
        SwarmOptions options = SwarmCommand.parse(
                "--server",
                server.baseUrl(),
                "--bots",
                "20",
                "--transport",
                transport,
                "--phase",
                phase,
                "--duration",
                "3s",
                // aligned bots check during the warm-up that each burst lands in one tick (a 3 s count of frames)
                "--warmup",
                phase.equals("aligned") ? "5s" : "1s",
                "--jit-settle",
                "1s",
                "--ramp",
                "100",
                "--ping-interval",
                "500ms",
                "--server-pid",
                Long.toString(ProcessHandle.current().pid()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        String report;
        try (PrintStream err = new PrintStream(progress, true, StandardCharsets.UTF_8)) {
            report = BotSwarm.run(options, err).toPrettyString();
        }
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("connected 20/20"), progress.toString());
        // what main prints must be one JSON document
        return new ObjectMapper().readTree(report);
    }

    @Test
    void twentyCrowdBotsOverGrpcThenTheSameBotsOverWebSocket() throws Exception {
        JsonNode first = swarm("grpc");
        assertCleanReport(first, "grpc");

        // the second run logs the same accounts in instead of registering them again; its bots move all at once
        JsonNode second = swarm("ws", "aligned");
        assertCleanReport(second, "ws");
        assertEquals("aligned", second.path("phase").asText());
        int shifts = second.path("phase_shifts").asInt(-1);
        assertTrue(shifts >= 0 && shifts <= 4, second.toPrettyString());
    }

    @Test
    void jsonWebSocketBots() throws Exception {
        assertCleanReport(swarm("ws-json"), "ws-json");
    }

    /**
     * A ramp past {@code world.max-players}: the bots beyond it are refused {@code server_full} and wait its
     * retry-after, the seated ones keep playing, and no well-behaved bot is ever closed {@code rate_limited}.
     */
    @Test
    void aRampPastCapacityFillsTheServerAndClosesNoBotAsAFlooder() throws Exception {
        int capacity = 20;
        try (TestServer full = TestServer.start(Map.of(
                "auth.rate-limit.ip.capacity", "100000",
                "auth.rate-limit.ip.per-minute", "100000",
                "world.max-players", Integer.toString(capacity),
                "world.join.retry-after", "PT1S"))) {
            SwarmOptions options = SwarmCommand.parse(
                    "--server", full.baseUrl(),
                    "--bots", "30",
                    "--transport", "ws",
                    "--pattern", "spread",
                    "--duration", "3s",
                    "--warmup", "1s",
                    "--ramp", "100",
                    "--ping-interval", "500ms");
            JsonNode report;
            try (PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
                report = BotSwarm.run(options, err);
            }
            JsonNode errors = report.path("errors");
            assertEquals(capacity, report.path("connected").asInt(), report.toPrettyString());
            assertTrue(errors.path("world_error:server_full").asInt() >= 10, report.toPrettyString());
            errors.fieldNames()
                    .forEachRemaining(code -> assertFalse(code.contains("rate_limited"), report.toPrettyString()));
            System.out.println("reliability scenario=ramp_past_capacity bots=30 max_players=" + capacity
                    + " connected=" + report.path("connected").asInt() + " server_full="
                    + errors.path("world_error:server_full").asInt() + " rate_limited=0 input_ack_p99_ms="
                    + report.path("input_ack_ms").path("p99").asDouble());
        }
    }

    private static void assertCleanReport(JsonNode report, String transport) {
        assertEquals(transport, report.path("transport").asText(), report.toPrettyString());
        assertEquals("crowd", report.path("pattern").asText());
        assertEquals(20, report.path("bots").asInt());
        assertEquals(20, report.path("connected").asInt(), report.toPrettyString());
        assertEquals(0, report.path("errors_total").asInt(), report.toPrettyString());
        assertTrue(report.path("errors").isObject() && report.path("errors").isEmpty(), report.toPrettyString());
        assertTrue(report.path("duration_s").asDouble() >= 3);
        assertTrue(report.path("tick_rate").asInt() > 0);

        JsonNode inputAck = report.path("input_ack_ms");
        assertTrue(inputAck.path("samples").asLong() > 0, report.toPrettyString());
        double p50 = inputAck.path("p50").asDouble();
        double p90 = inputAck.path("p90").asDouble();
        double p99 = inputAck.path("p99").asDouble();
        double max = inputAck.path("max").asDouble();
        assertTrue(0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max, inputAck.toString());
        assertTrue(report.path("rtt_ms").path("samples").asLong() > 0);

        assertTrue(report.path("snapshots_per_s").asDouble() > 0);
        assertTrue(report.path("bytes_in_per_client_per_s").asDouble() > 0);
        assertTrue(report.path("moves_per_s").asDouble() > 0);
        // a crowd: everyone spawns at one point and stays there, so one bot sees all twenty
        assertEquals(20, report.path("observer_view_size").asInt(), report.toPrettyString());

        JsonNode serverProcess = report.path("server");
        assertTrue(serverProcess.path("cpu_percent").asDouble() > 0, report.toPrettyString());
        assertTrue(serverProcess.path("cpu_us_per_player_tick").asDouble() > 0);
        assertTrue(serverProcess.path("rss_mb").asDouble() > 0);
        // the settling step ran (one of at most 1 s) and the window's compiler time was read from /proc
        assertTrue(report.path("jit_settle_s").asDouble() > 0, report.toPrettyString());
        assertTrue(
                serverProcess.path("jit_cpu_percent").asDouble() >= 0
                        && serverProcess.path("jit_cpu_percent").isNumber(),
                report.toPrettyString());
        assertTrue(report.path("swarm").path("cpu_percent").isNumber());
        JsonNode ticks = report.path("server_tick_ms");
        assertTrue(ticks.path("p99").asDouble() > 0, report.toPrettyString());
        assertTrue(ticks.path("overruns").isIntegralNumber(), report.toPrettyString());
        // the zone's exact last-minute p99 from GET /v1/world/zones, read while the bots still played
        assertTrue(ticks.path("zones_p99").asDouble() > 0, report.toPrettyString());
    }
}
