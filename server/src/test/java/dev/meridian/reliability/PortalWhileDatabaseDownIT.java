package dev.meridian.reliability;

import static dev.meridian.testing.ClusterNode.awaitZones;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testing.ClusterNode;
import dev.meridian.testing.Http;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import dev.meridian.world.WsTestClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A portal into a zone another node runs while Postgres is down (docs/world.md, "Portal crossings"): two world nodes in
 * this JVM share a Postgres of their own and a lease bucket in NATS; {@code here} runs {@code starter}, {@code there}
 * the other zones. With Postgres stopped, a player walking into {@code starter}'s east portal (to {@code forest}) is
 * held back and told why while Postgres is still down, and plays on in {@code starter}; once Postgres is back the same
 * walk takes it through, with the crossing written before the redirect.
 */
class PortalWhileDatabaseDownIT {
    private static final String ZONES_THERE = "forest,harbor,caves";

    @Test
    void aPortalIntoAnotherNodeHoldsThePlayerBackWhilePostgresIsDownAndLetsItThroughOnceItIsBack() throws Exception {
        String bucket = "portal-db-down-" + UUID.randomUUID().toString().substring(0, 8);
        try (ThrowawayPostgres postgres = new ThrowawayPostgres()) {
            postgres.start();
            try (TestServer here = TestServer.start(node("here", "starter", bucket, postgres, Map.of()))) {
                awaitZones(here, "starter");
                try (TestServer there = TestServer.start(
                                node("there", ZONES_THERE, bucket, postgres, Map.of("db.name", here.database())));
                        Http http = new Http(here)) {
                    awaitZones(there, ZONES_THERE);
                    String token = register(http);
                    String character = createCharacter(http, token);
                    // 25 units west of the east portal (x 980..1000)
                    place(postgres, here.database(), character, 955, 500);
                    try (WsTestClient client = WsTestClient.connect(
                            URI.create("ws://127.0.0.1:" + here.worldPort() + "/v1/world/ws?token=" + token))) {
                        client.sendText("{\"type\":\"join\",\"character_id\":\"" + character + "\"}");
                        client.awaitJson("welcome");
                        Feet feet = new Feet(client);

                        postgres.stop();
                        feet.walk(-1);
                        awaitDeadline(
                                "a position write failed",
                                () -> Metrics.value(here, "world_persistence_failures_total", "position_write") > 0);
                        feet.walk(1);
                        JsonNode held = await(client, "error", "redirect");
                        // told while Postgres is still down: the player was not kept waiting for it
                        assertThat(held.toString(), held.path("type").asText(), is("error"));
                        assertThat(held.path("code").asText(), is("zone_unavailable"));
                        assertThat(held.path("message").asText(), containsString("cannot be saved"));
                        assertThat(held.path("retry_after_ms").asLong(), greaterThan(0L));
                        JsonNode stillHere = await(client, "snapshot");
                        assertThat("plays on in starter", stillHere.path("type").asText(), is("snapshot"));
                        assertThat("not closed", client.closeCode.isDone(), is(false));

                        postgres.start();
                        // the write-behind's next try (5 s apart at most) writes, and the next step crosses
                        JsonNode redirect = await(client, "redirect");
                        feet.stop();
                        assertThat(redirect.path("zone").asText(), is("forest"));
                        assertThat(
                                redirect.path("websocket_url").asText(),
                                is("ws://127.0.0.1:" + there.worldPort() + "/v1/world/ws"));
                        Row row = row(postgres, here.database(), character);
                        assertThat("the crossing was written before the redirect: " + row, row.zone(), is("forest"));
                        assertThat(row.x(), closeTo(40, 1e-6));
                        assertThat(row.y(), closeTo(400, 1e-6));
                        System.out.println("reliability scenario=portal_postgres_down held_back=true message=\""
                                + held.path("message").asText() + "\" crossed_after_restart=true");
                    }
                }
            } finally {
                deleteBucket(bucket);
            }
        }
    }

    /** Sends a Move every 50 ms on a virtual thread, in the direction last set, until stopped or closed. */
    private static final class Feet {
        private final WsTestClient client;
        private final Thread thread;
        private volatile int dx;
        private volatile boolean walking = true;

        Feet(WsTestClient client) {
            this.client = client;
            this.thread = Thread.ofVirtual().start(this::run);
        }

        void walk(int direction) {
            dx = direction;
        }

        void stop() throws InterruptedException {
            walking = false;
            thread.join();
        }

        private void run() {
            for (int seq = 1; walking; seq++) {
                if (!client.sendTextWhileOpen("{\"type\":\"move\",\"dx\":" + dx + ",\"dy\":0,\"seq\":" + seq + "}")) {
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The next frame of one of {@code types}, waiting up to 60 s (Postgres restarts, the write-behind backs off). */
    private static JsonNode await(WsTestClient client, String... types) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Object frame = client.frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame instanceof String text) {
                JsonNode message = WsTestClient.json(text);
                for (String type : types) {
                    if (type.equals(message.path("type").asText())) {
                        return message;
                    }
                }
            }
        }
        throw new AssertionError("none of " + String.join(", ", types) + " within 60 s");
    }

    private static void awaitDeadline(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(what + " within 60 s", System.nanoTime() < deadline, is(true));
            Throwaway.sleep(100);
        }
    }

    private static Map<String, String> node(
            String id, String zones, String bucket, ThrowawayPostgres postgres, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                "db.port", String.valueOf(postgres.port),
                "db.connect-timeout", "PT1S",
                "world.persist-interval", "PT0.5S",
                "world.zones.host", zones,
                "auth.rate-limit.ip.capacity", "100000",
                "auth.rate-limit.ip.per-minute", "100000"));
        config.putAll(extra);
        return ClusterNode.config(id, bucket, config);
    }

    private static String register(Http http) {
        String email = "portal-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> response = http.postJson(
                "/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
        assertThat(response.body(), response.statusCode(), is(201));
        return WsTestClient.json(response.body()).path("access_token").asText();
    }

    private static String createCharacter(Http http, String token) {
        String name = "P" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        HttpResponse<String> response = http.postJson("/v1/characters", "{\"name\":\"" + name + "\"}", token);
        assertThat(response.body(), response.statusCode(), is(201));
        return WsTestClient.json(response.body()).path("id").asText();
    }

    private record Row(String zone, double x, double y) {}

    private static String jdbcUrl(ThrowawayPostgres postgres, String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.port + "/" + database;
    }

    private static void place(ThrowawayPostgres postgres, String database, String character, double x, double y)
            throws SQLException {
        try (var db = DriverManager.getConnection(jdbcUrl(postgres, database), "postgres", "");
                var update = db.prepareStatement(
                        "UPDATE characters SET zone = 'starter', x = ?, y = ? WHERE id = ?::uuid")) {
            update.setDouble(1, x);
            update.setDouble(2, y);
            update.setString(3, character);
            assertThat(update.executeUpdate(), is(1));
        }
    }

    private static Row row(ThrowawayPostgres postgres, String database, String character) throws SQLException {
        try (var db = DriverManager.getConnection(jdbcUrl(postgres, database), "postgres", "");
                var select = db.prepareStatement("SELECT zone, x, y FROM characters WHERE id = ?::uuid")) {
            select.setString(1, character);
            try (var row = select.executeQuery()) {
                row.next();
                return new Row(row.getString(1), row.getDouble(2), row.getDouble(3));
            }
        }
    }

    private static void deleteBucket(String bucket) throws Exception {
        var nats = io.nats.client.Nats.connect("nats://127.0.0.1:4222");
        try {
            nats.keyValueManagement().delete(bucket);
        } finally {
            nats.close();
        }
    }
}
