package dev.meridian;

import static dev.meridian.world.WsTestClient.parse;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.account.domain.AccountId;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.testing.Http;
import dev.meridian.testing.NatsEvents;
import dev.meridian.testing.TestServer;
import dev.meridian.world.WorldFixtures;
import dev.meridian.world.WsTestClient;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin console's API against a real server: who may use it (401, 403, 429), what each endpoint shows and does to
 * live sessions, the 400s and 404s of bad input, the {@code admin.*} events, and {@code server/run admin grant}.
 */
class AdminServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";
    /** Each test logs in as an admin of its own, so the per-account rate limit of one never touches another. */
    private static final List<String> ADMINS =
            List.of("ops1", "ops2", "ops3", "ops4", "ops5", "ops6", "ops7", "ops8").stream()
                    .map(name -> name + "@admin.meridian.test")
                    .toList();

    private static final AtomicInteger NEXT_ADMIN = new AtomicInteger();
    private static final int RATE_CAPACITY = 20;

    private static TestServer server;
    private static Http http;
    private static WorldFixtures fixtures;
    private static Connection nats;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of(
                "admin.accounts", String.join(",", ADMINS),
                "admin.rate-limit.capacity", Integer.toString(RATE_CAPACITY),
                "admin.rate-limit.per-minute", "1",
                "world.node-id", "node-under-test",
                "world.session.idle-timeout", "PT60S"));
        http = new Http(server);
        fixtures = new WorldFixtures(server);
        nats = Nats.connect("nats://127.0.0.1:4222");
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
        http.close();
        server.close();
    }

    @Test
    void everyEndpointRefusesAPlayerWith403AndAnonymousCallersWith401() {
        String player = register("player-" + UUID.randomUUID() + "@example.test")
                .get("access_token")
                .asText();
        UUID someone = UUID.randomUUID();
        List<HttpResponse<String>> refused = List.of(
                http.get("/v1/admin/zones", player),
                http.get("/v1/admin/players", player),
                http.postJson("/v1/admin/players/" + someone + "/kick", "{\"reason\":\"x\"}", player),
                http.postJson("/v1/admin/broadcast", "{\"text\":\"hello\"}", player),
                http.postJson(
                        "/v1/admin/accounts/" + someone + "/ban",
                        "{\"until\":\"2099-01-01T00:00:00Z\",\"reason\":\"x\"}",
                        player));
        for (HttpResponse<String> response : refused) {
            assertThat(response.uri() + " " + response.body(), response.statusCode(), is(403));
            assertThat(json(response).get("error").asText(), is("forbidden"));
        }
        assertThat(server.get("/v1/admin/zones").statusCode(), is(401));
    }

    @Test
    void zonesShowTheOwnerNodeThePlayersOnlineAndTheTickP99() throws Exception {
        String admin = admin();
        var player = fixtures.player("zone_watcher", 120, 130);
        try (var client = joined(player, "meridian.v1.json")) {
            JsonNode zone = awaitZone(admin, z -> z.get("players").asInt() >= 1);
            assertThat(client.closeCode.isDone(), is(false));
            assertThat(zone.get("name").asText(), is("starter"));
            assertThat(zone.get("node").asText(), is("node-under-test"));
            assertThat(zone.get("tick_p99_ms").isNumber(), is(true));
            assertThat(zone.get("tick_budget_ms").asDouble(), is(50.0));
        }
    }

    @Test
    void playersShowPositionTransportConnectedSinceAndTheRttTheClientReported() {
        String admin = admin();
        Instant before = Instant.now().minusSeconds(1);
        var player = fixtures.player("listed_one", 210, 220);
        try (var client = joined(player, "meridian.v1.json")) {
            client.sendText("{\"type\":\"ping\",\"client_time\":1,\"rtt_ms\":42}");
            client.await(String.class, text -> text.contains("\"pong\""));
            JsonNode listed = listedPlayer(admin, "/v1/admin/players?zone=starter", player.character());
            assertThat(listed.get("name").asText(), is("listed_one"));
            assertThat(listed.get("account_id").asText(), is(player.account().toString()));
            assertThat(listed.get("zone").asText(), is("starter"));
            assertThat(listed.get("x").asDouble(), is(210.0));
            assertThat(listed.get("y").asDouble(), is(220.0));
            assertThat(listed.get("transport").asText(), is("ws-json"));
            assertThat(listed.get("rtt_ms").asInt(), is(42));
            Instant since = Instant.parse(listed.get("connected_since").asText());
            assertThat(since.isAfter(before) && since.isBefore(Instant.now().plusSeconds(1)), is(true));
        }
        HttpResponse<String> unknownZone = http.get("/v1/admin/players?zone=atlantis", admin);
        assertThat(unknownZone.statusCode(), is(404));
        assertThat(json(unknownZone).get("error").asText(), is("not_found"));
        HttpResponse<String> emptyZone = http.get("/v1/admin/players?zone=", admin);
        assertThat(emptyZone.statusCode(), is(400));
        assertThat(fields(emptyZone), hasItem("zone"));
    }

    @Test
    void aKickClosesThatSessionWithTheReasonAndIsPublished() throws Exception {
        String admin = admin();
        var player = fixtures.player("kicked_one", 300, 300);
        Subscription events = nats.subscribe(server.subjectPrefix() + ".admin.player_kicked");
        nats.flush(Duration.ofSeconds(5));
        try (var client = joined(player, "meridian.v1.json")) {
            HttpResponse<String> kicked = http.postJson(
                    "/v1/admin/players/" + player.character() + "/kick",
                    "{\"reason\":\"  spamming the chat \"}",
                    admin);
            assertThat(kicked.body(), kicked.statusCode(), is(204));
            JsonNode error = json(client.await(String.class, text -> text.contains("\"error\"")));
            assertThat(error.get("code").asText(), is("kicked"));
            assertThat(error.get("message").asText(), is("spamming the chat"));
            assertThat(client.awaitClose(), is(4403));
            assertThat(client.closeReason, is("kicked"));
        }
        Message event = NatsEvents.await(
                events,
                Duration.ofSeconds(10),
                NatsEvents.dataField("character_id", player.character().toString()));
        assertThat("no admin.player_kicked event", event, notNullValue());
        JsonNode data = JSON.readTree(event.getData()).get("data");
        assertThat(data.get("admin_id").asText(), is(accountOf(admin)));
        assertThat(data.get("character_id").asText(), is(player.character().toString()));
        assertThat(data.get("reason").asText(), is("spamming the chat"));

        HttpResponse<String> again =
                http.postJson("/v1/admin/players/" + player.character() + "/kick", "{\"reason\":\"again\"}", admin);
        assertThat(again.statusCode(), is(404));
        HttpResponse<String> notAnId = http.postJson("/v1/admin/players/not-a-uuid/kick", "{\"reason\":\"x\"}", admin);
        assertThat(notAnId.statusCode(), is(400));
        assertThat(json(notAnId).get("error").asText(), is("invalid_id"));
        for (String body : List.of(
                "{}",
                "{\"reason\":\"\"}",
                "{\"reason\":\"" + "x".repeat(201) + "\"}",
                "{\"reason\":\"bell\\u0007\"}",
                "{\"reason\":42}")) {
            HttpResponse<String> invalid =
                    http.postJson("/v1/admin/players/" + player.character() + "/kick", body, admin);
            assertThat(body, invalid.statusCode(), is(400));
            assertThat(body, fields(invalid), hasItem("reason"));
        }
    }

    @Test
    void aBroadcastReachesEveryJoinedPlayerAsANoticeInTheirFormat() throws Exception {
        String admin = admin();
        Subscription events = nats.subscribe(server.subjectPrefix() + ".admin.broadcast");
        nats.flush(Duration.ofSeconds(5));
        var reader = fixtures.player("notice_json", 400, 400);
        var native_ = fixtures.player("notice_proto", 410, 400);
        String text = "Restart in 5 minutes <img src=x onerror=alert(1)>";
        try (var json = joined(reader, "meridian.v1.json");
                var proto = joined(native_, "meridian.v1.proto")) {
            HttpResponse<String> sent = http.postJson(
                    "/v1/admin/broadcast", JSON.writeValueAsString(Map.of("text", text, "zone", "starter")), admin);
            assertThat(sent.body(), sent.statusCode(), is(200));
            assertThat(json(sent).get("recipients").asInt(), greaterThanOrEqualTo(2));
            JsonNode notice = json(json.await(String.class, frame -> frame.contains("\"notice\"")));
            assertThat(notice.get("text").asText(), is(text));
            assertThat(notice.get("server_time").asLong() > 0, is(true));
            byte[] frame = proto.await(byte[].class, bytes -> parse(bytes).hasNotice());
            assertThat(parse(frame).getNotice().getText(), is(text));
        }
        Message event = events.nextMessage(Duration.ofSeconds(10));
        assertThat("no admin.broadcast event", event, notNullValue());
        JsonNode data = JSON.readTree(event.getData()).get("data");
        assertThat(data.get("admin_id").asText(), is(accountOf(admin)));
        assertThat(data.get("zone").asText(), is("starter"));
        assertThat(data.get("text").asText(), is(text));

        assertThat(
                http.postJson("/v1/admin/broadcast", "{\"text\":\"hi\",\"zone\":\"atlantis\"}", admin)
                        .statusCode(),
                is(404));
        HttpResponse<String> tooLong =
                http.postJson("/v1/admin/broadcast", "{\"text\":\"" + "x".repeat(501) + "\"}", admin);
        assertThat(tooLong.statusCode(), is(400));
        assertThat(fields(tooLong), hasItem("text"));
        HttpResponse<String> notJson = http.post("/v1/admin/broadcast", "text=hi", Optional.of(admin), "text/plain");
        assertThat(notJson.statusCode(), is(415));
    }

    @Test
    void aBanClosesTheAccountsSessionsAndRefusesItsLoginRefreshAndTokens() throws Exception {
        String admin = admin();
        String email = "banned-" + UUID.randomUUID() + "@example.test";
        JsonNode session = register(email);
        String token = session.get("access_token").asText();
        String account = accountOf(token);
        HttpResponse<String> created =
                http.postJson("/v1/characters", "{\"name\":\"Banned" + NEXT_ADMIN.get() + "\"}", token);
        assertThat(created.body(), created.statusCode(), is(201));
        var player = new WorldFixtures.Player(
                new AccountId(UUID.fromString(account)),
                UUID.fromString(json(created).get("id").asText()),
                "banned",
                token);
        Subscription events = nats.subscribe(server.subjectPrefix() + ".admin.account_banned");
        nats.flush(Duration.ofSeconds(5));
        String until = Instant.now().plus(Duration.ofDays(7)).toString();
        try (var client = joined(player, "meridian.v1.json")) {
            HttpResponse<String> banned = http.postJson(
                    "/v1/admin/accounts/" + account + "/ban",
                    "{\"until\":\"" + until + "\",\"reason\":\"cheating\"}",
                    admin);
            assertThat(banned.body(), banned.statusCode(), is(200));
            assertThat(json(banned).get("sessions_closed").asInt(), is(1));
            JsonNode error = json(client.await(String.class, text -> text.contains("\"error\"")));
            assertThat(error.get("code").asText(), is("banned"));
            assertThat(error.get("message").asText(), is("cheating"));
            assertThat(client.awaitClose(), is(4451));
        }
        HttpResponse<String> login =
                http.postJson("/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.body(), login.statusCode(), is(403));
        assertThat(json(login).get("error").asText(), is("banned"));
        assertThat(json(login).get("message").asText(), containsString("cheating"));
        HttpResponse<String> refresh = http.postJson(
                "/v1/auth/refresh",
                "{\"refresh_token\":\"" + session.get("refresh_token").asText() + "\"}");
        assertThat(refresh.body(), refresh.statusCode(), is(403));
        assertThat(json(refresh).get("error").asText(), is("banned"));
        assertThat(json(refresh).get("message").asText(), containsString("cheating"));
        assertThat(http.get("/v1/characters", token).statusCode(), is(401));
        Message event = events.nextMessage(Duration.ofSeconds(10));
        assertThat("no admin.account_banned event", event, notNullValue());
        JsonNode data = JSON.readTree(event.getData()).get("data");
        assertThat(data.get("admin_id").asText(), is(accountOf(admin)));
        assertThat(data.get("account_id").asText(), is(account));
        assertThat(data.get("reason").asText(), is("cheating"));

        assertThat(
                http.postJson(
                                "/v1/admin/accounts/" + UUID.randomUUID() + "/ban",
                                "{\"until\":\"" + until + "\",\"reason\":\"x\"}",
                                admin)
                        .statusCode(),
                is(404));
        HttpResponse<String> past = http.postJson(
                "/v1/admin/accounts/" + account + "/ban",
                "{\"until\":\"2001-01-01T00:00:00Z\",\"reason\":\"x\"}",
                admin);
        assertThat(past.statusCode(), is(400));
        assertThat(fields(past), hasItem("until"));
        HttpResponse<String> notAnInstant =
                http.postJson("/v1/admin/accounts/" + account + "/ban", "{\"until\":\"next week\"}", admin);
        assertThat(notAnInstant.statusCode(), is(400));
        assertThat(fields(notAnInstant), hasItem("until"));
        assertThat(fields(notAnInstant), hasItem("reason"));
    }

    @Test
    void anAdminBeyondTheRateLimitGets429WithRetryAfter() {
        String admin = admin();
        for (int i = 0; i < RATE_CAPACITY; i++) {
            assertThat(http.get("/v1/admin/zones", admin).statusCode(), is(200));
        }
        HttpResponse<String> limited = http.get("/v1/admin/zones", admin);
        assertThat(limited.statusCode(), is(429));
        assertThat(json(limited).get("error").asText(), is("rate_limited"));
        assertThat(limited.headers().firstValue("Retry-After").isPresent(), is(true));
    }

    @Test
    void theGrantCommandMakesAnAccountAnAdminFromItsNextLogin() {
        String email = "granted-" + UUID.randomUUID() + "@example.test";
        String before = register(email).get("access_token").asText();
        assertThat(http.get("/v1/admin/zones", before).statusCode(), is(403));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminCommand.run(
                List.of("admin", "grant", email.toUpperCase(Locale.ROOT)),
                Main.config(Map.of("db.name", server.subjectPrefix())),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8), status, is(0));
        assertThat(out.toString(StandardCharsets.UTF_8), containsString("granted admin: " + email));

        HttpResponse<String> login =
                http.postJson("/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        String after = json(login).get("access_token").asText();
        assertThat(http.get("/v1/admin/zones", after).statusCode(), is(200));

        assertThat(
                AdminCommand.run(
                        List.of("admin", "grant", "nobody-" + UUID.randomUUID() + "@example.test"),
                        Main.config(Map.of("db.name", server.subjectPrefix())),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                is(1));
        assertThat(
                AdminCommand.run(
                        List.of("admin", "promote", email),
                        Main.config(Map.of()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                is(2));
    }

    /** Registers the next admin of {@link #ADMINS} and answers its access token (which carries the admin role). */
    private static String admin() {
        return register(ADMINS.get(NEXT_ADMIN.getAndIncrement()))
                .get("access_token")
                .asText();
    }

    private static JsonNode register(String email) {
        HttpResponse<String> response =
                http.postJson("/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(response.body(), response.statusCode(), is(201));
        return json(response);
    }

    /** A WebSocket client that has joined as {@code player} (its welcome received). */
    private static WsTestClient joined(WorldFixtures.Player player, String subprotocol) {
        WsTestClient client = WsTestClient.connect(
                URI.create("ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + player.token()),
                subprotocol);
        if (subprotocol.endsWith("json")) {
            client.sendText("{\"type\":\"join\",\"character_id\":\"" + player.character() + "\"}");
            client.await(String.class, text -> text.contains("\"welcome\""));
        } else {
            client.sendBinary(ClientMessage.newBuilder()
                    .setJoin(Join.newBuilder().setCharacterId(player.character().toString()))
                    .build()
                    .toByteArray());
            client.await(byte[].class, bytes -> parse(bytes).hasWelcome());
        }
        return client;
    }

    /** The zone list is read as the zones stand after their last tick: poll until it shows what is expected. */
    private static JsonNode awaitZone(String admin, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode zone = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.get("/v1/admin/zones", admin);
            assertThat(response.body(), response.statusCode(), is(200));
            zone = json(response).get("zones").get(0);
            if (wanted.test(zone)) {
                return zone;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the zone never showed what was expected: " + zone);
    }

    private static JsonNode listedPlayer(String admin, String path, UUID character) {
        HttpResponse<String> response = http.get(path, admin);
        assertThat(response.body(), response.statusCode(), is(200));
        for (JsonNode player : json(response).get("players")) {
            if (player.get("character_id").asText().equals(character.toString())) {
                return player;
            }
        }
        throw new AssertionError(character + " is not listed: " + response.body());
    }

    private static String accountOf(String token) {
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
            return JSON.readTree(payload).get("sub").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The names of the fields a 400 {@code validation_failed} complains about. */
    private static List<String> fields(HttpResponse<String> response) {
        List<String> names = new ArrayList<>();
        json(response).path("fields").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    private static JsonNode json(String text) {
        return WsTestClient.json(text);
    }
}
