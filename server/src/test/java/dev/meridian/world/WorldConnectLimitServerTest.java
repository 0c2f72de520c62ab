package dev.meridian.world;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connects per IP and per account are token buckets (docs/protocol.md, "Connect and join limits"): over one, a
 * WebSocket upgrade is answered 429 with Retry-After and a gRPC stream ends RESOURCE_EXHAUSTED {@code rate_limited}
 * with {@code retry-after-ms}. Here: two connects per account at once then one a minute, so the third is refused.
 */
class WorldConnectLimitServerTest {
    private static TestServer server;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                Map.of("world.connect-limit.account.capacity", "2", "world.connect-limit.account.per-minute", "1"));
        fixtures = new WorldFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aThirdWebSocketUpgradeOfOneAccountIsRefused429WithRetryAfter() throws Exception {
        var player = fixtures.player("limit_ws", 100, 100);
        for (int i = 0; i < 2; i++) {
            assertThat(upgrade(player.token()), startsWith("HTTP/1.1 101"));
        }
        double before = accountRefusals();
        String refused = upgrade(player.token());
        assertThat(refused, startsWith("HTTP/1.1 429"));
        assertThat("counted", accountRefusals(), is(before + 1));
        assertThat(refused.toLowerCase(), containsString("retry-after: "));
        assertThat(refused, containsString("\"error\":\"rate_limited\""));
    }

    @Test
    void aThirdGrpcStreamOfOneAccountEndsResourceExhaustedRateLimited() {
        var player = fixtures.player("limit_grpc", 200, 100);
        for (int i = 0; i < 2; i++) {
            try (GrpcTestClient client = new GrpcTestClient(server.worldPort(), player.token())) {
                client.send(ClientMessage.newBuilder()
                        .setJoin(Join.newBuilder()
                                .setCharacterId(player.character().toString()))
                        .build());
                client.await(message -> message.hasWelcome());
            }
        }
        double before = accountRefusals();
        try (GrpcTestClient refused = new GrpcTestClient(server.worldPort(), player.token())) {
            Status status = refused.awaitEnd();
            assertThat("counted", accountRefusals(), is(before + 1));
            assertThat(status.getCode(), is(Status.Code.RESOURCE_EXHAUSTED));
            assertThat(status.getDescription(), is("rate_limited"));
            assertThat(Long.parseLong(refused.trailer("retry-after-ms")) > 1000, is(true));
        }
    }

    private static double accountRefusals() {
        return Metrics.value(server, "world_admission_refusals_total", "reason=\"connect_account\"");
    }

    /** An upgrade request on a bare socket; returns the response's head. */
    private static String upgrade(String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.worldPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/world/ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                head.append((char) b);
                if (head.toString().endsWith("\r\n\r\n") && !head.toString().startsWith("HTTP/1.1 4")) {
                    break;
                }
            }
            return head.toString();
        }
    }
}
