package dev.meridian.world;

import static dev.meridian.world.WsTestClient.json;
import static dev.meridian.world.WsTestClient.parse;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Resume;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Snapshot;
import dev.meridian.testing.Http;
import dev.meridian.testing.TestServer;
import dev.meridian.testing.Tokens;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resume over real sockets (docs/protocol.md, "Resume"): a connection lost without a goodbye leaves its entity
 * standing for the grace, and a new connection of the same account takes it back with the Welcome's token, on either
 * transport. The grace is a minute here, so that no resume depends on how fast a loaded machine gets from the drop to
 * the resume; the test of what happens once the grace is over has a server of its own with a grace of 5 s (it must still see the entity standing after the drop).
 */
class WorldResumeServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SHORT_GRACE_MILLIS = 5000;
    private static TestServer server;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("world.session.idle-timeout", "PT60S", "world.session.resume-grace", "PT60S"));
        fixtures = new WorldFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ClientMessage join(String characterId) {
        return ClientMessage.newBuilder()
                .setJoin(Join.newBuilder().setCharacterId(characterId))
                .build();
    }

    private static ClientMessage resume(String token, int cid) {
        return ClientMessage.newBuilder()
                .setCid(cid)
                .setResume(Resume.newBuilder().setToken(token))
                .build();
    }

    private static ClientMessage move(int seq) {
        return ClientMessage.newBuilder()
                .setMove(Move.newBuilder().setDx(1).setSeq(seq))
                .build();
    }

    private static String jsonJoin(WorldFixtures.Player player) {
        return "{\"type\":\"join\",\"character_id\":\"" + player.character() + "\"}";
    }

    /** A JSON watcher standing next to the player, joined: it sees whether the player's entity is there. */
    private static WsTestClient watcher(WorldFixtures fixtures, String name, double x, double y) {
        var watcher = fixtures.player(name, x, y);
        WsTestClient client = WsTestClient.connect(fixtures.ws(watcher.token()));
        client.sendText(jsonJoin(watcher));
        client.awaitJson("welcome");
        return client;
    }

    /**
     * The entity as the watcher's next snapshot lists it, once {@code present} holds. The watcher paces back and forth
     * meanwhile: snapshots are sent only when something in view changes, and a parked entity does not move.
     */
    private static JsonNode awaitInView(WsTestClient watcher, String name, boolean present) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int step = 0;
        while (System.nanoTime() < deadline) {
            watcher.sendText("{\"type\":\"move\",\"dx\":" + (step++ % 2 == 0 ? 1 : -1) + ",\"dy\":0}");
            Object frame = poll(watcher);
            if (frame instanceof String text
                    && "snapshot".equals(json(text).path("type").asText())) {
                JsonNode found = entity(json(text), name);
                if ((found != null) == present) {
                    return found;
                }
            }
        }
        throw new AssertionError(name + (present ? " never seen" : " never left"));
    }

    /** Where the watcher sees the entity now, not in a snapshot that waited in its queue. */
    private static double settledX(WsTestClient watcher, String name) {
        sleep(200);
        watcher.frames.clear();
        return awaitInView(watcher, name, true).get("x").asDouble();
    }

    private static Object poll(WsTestClient client) {
        try {
            return client.frames.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode entity(JsonNode snapshot, String name) {
        for (JsonNode entity : snapshot.path("entities")) {
            if (name.equals(entity.path("name").asText())) {
                return entity;
            }
        }
        return null;
    }

    @Test
    void aWebSocketThatDropsIsResumedOverGrpcWithTheSameEntityAndItsAcks() {
        var ann = fixtures.player("resume_ann", 100, 100);
        try (var watcher = watcher(fixtures, "watch_ann", 105, 100)) {
            String token;
            int entity;
            try (var client = WsTestClient.connect(fixtures.ws(ann.token()))) {
                client.sendText(jsonJoin(ann));
                JsonNode welcome = client.awaitJson("welcome");
                token = welcome.get("resume_token").asText();
                entity = welcome.get("entity_id").asInt();
                assertThat(token, token.startsWith("mrs_") && token.length() == 47, is(true));
                client.sendText("{\"type\":\"move\",\"dx\":1,\"dy\":0,\"seq\":3}");
                json(client.await(String.class, text -> json(text).path("ack").asLong() == 3));
                client.drop();
            }
            double parkedX = settledX(watcher, "resume_ann");
            sleep(500);
            assertThat("standing still", settledX(watcher, "resume_ann"), is(parkedX));

            try (var grpc = new GrpcTestClient(server.worldPort(), ann.token())) {
                grpc.send(resume(token, 5));
                ServerMessage welcome = grpc.await(ServerMessage::hasWelcome);
                assertThat("the same entity", welcome.getWelcome().getEntityId(), is(entity));
                assertThat(welcome.getWelcome().getResumeToken(), not(is(token)));
                Snapshot first = grpc.await(ServerMessage::hasSnapshot).getSnapshot();
                assertThat("a full snapshot first", first.getFull(), is(true));
                assertThat("acks go on from the last applied move", first.getAckSeq(), is(3));
                grpc.send(move(4));
                grpc.await(m -> m.hasSnapshot() && m.getSnapshot().getAckSeq() == 4);

                // the token is used up: presenting it again is refused, and the resumed session plays on
                try (var again = WsTestClient.connect(fixtures.ws(ann.token()))) {
                    again.sendText("{\"type\":\"resume\",\"token\":\"" + token + "\",\"cid\":9}");
                    JsonNode refused = again.awaitJson("error");
                    assertThat(refused.get("code").asText(), is("resume_refused"));
                    assertThat(refused.get("cid").asInt(), is(9));
                }
                grpc.send(move(5));
                grpc.await(m -> m.hasSnapshot() && m.getSnapshot().getAckSeq() == 5);
            }
        }
    }

    @Test
    void aGrpcStreamThatDropsIsResumedOverBinaryWebSocket() {
        var bo = fixtures.player("resume_bo", 300, 300);
        String token;
        int entity;
        try (var grpc = new GrpcTestClient(server.worldPort(), bo.token())) {
            grpc.send(join(bo.character().toString()));
            ServerMessage welcome = grpc.await(ServerMessage::hasWelcome);
            token = welcome.getWelcome().getResumeToken();
            entity = welcome.getWelcome().getEntityId();
            grpc.await(ServerMessage::hasSnapshot);
            grpc.drop();
        }
        try (var client = WsTestClient.connect(fixtures.ws(bo.token()), "meridian.v1.proto")) {
            client.sendBinary(resume(token, 1).toByteArray());
            ServerMessage welcome = parse(client.await(byte[].class, f -> parse(f).hasWelcome()));
            assertThat(welcome.getWelcome().getEntityId(), is(entity));
            Snapshot first = parse(client.await(byte[].class, f -> parse(f).hasSnapshot()))
                    .getSnapshot();
            assertThat(first.getFull(), is(true));
            assertThat("one entity: the resumed one, never a second", first.getEnteredCount(), is(1));
            assertThat(first.getEntered(0).getId(), is(entity));
        }
    }

    @Test
    void afterTheGraceTheEntityLeavesAndTheTokenIsRefusedButAJoinWorks() {
        try (TestServer shortGrace =
                TestServer.start(Map.of("world.session.idle-timeout", "PT60S", "world.session.resume-grace", "PT5S"))) {
            afterTheGrace(new WorldFixtures(shortGrace));
        }
    }

    private static void afterTheGrace(WorldFixtures fixtures) {
        var cy = fixtures.player("resume_cy", 500, 500);
        try (var watcher = watcher(fixtures, "watch_cy", 505, 500)) {
            String token;
            try (var client = WsTestClient.connect(fixtures.ws(cy.token()))) {
                client.sendText(jsonJoin(cy));
                token = client.awaitJson("welcome").get("resume_token").asText();
                awaitInView(watcher, "resume_cy", true);
                // a close with a code other than 1000/1001 is no goodbye either
                client.closeWith(4000);
                client.awaitClose();
            }
            long dropped = System.nanoTime();
            awaitInView(watcher, "resume_cy", true);
            awaitInView(watcher, "resume_cy", false);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropped);
            assertThat(
                    "left after " + waited + " ms, before the grace was over",
                    waited >= SHORT_GRACE_MILLIS - 100,
                    is(true));

            try (var client = WsTestClient.connect(fixtures.ws(cy.token()))) {
                client.sendText("{\"type\":\"resume\",\"token\":\"" + token + "\",\"cid\":2}");
                assertThat(client.awaitJson("error").get("code").asText(), is("resume_refused"));
                client.sendText(jsonJoin(cy));
                assertThat(
                        client.awaitJson("welcome").get("character_id").asText(),
                        is(cy.character().toString()));
                assertThat("a refused resume leaves the connection open", client.closeCode.isDone(), is(false));
            }
        }
    }

    @Test
    void forgedAndOtherAccountsTokensAreRefusedAndAJoinedSessionCannotResume() {
        var dee = fixtures.player("resume_dee", 700, 700);
        var eve = fixtures.player("resume_eve", 700, 700);
        String token;
        try (var client = WsTestClient.connect(fixtures.ws(dee.token()))) {
            client.sendText(jsonJoin(dee));
            token = client.awaitJson("welcome").get("resume_token").asText();
            client.sendText("{\"type\":\"resume\",\"token\":\"" + token + "\",\"cid\":4}");
            assertThat(client.awaitJson("error").get("code").asText(), is("already_joined"));
            client.drop();
        }
        try (var intruder = new GrpcTestClient(server.worldPort(), eve.token())) {
            intruder.send(resume(token, 6));
            ServerMessage refused = intruder.await(ServerMessage::hasError);
            assertThat(refused.getError().getCode(), is("resume_refused"));
            assertThat(refused.getError().getCid(), is(6));
            intruder.send(resume("mrs_" + "x".repeat(43), 7));
            assertThat(intruder.await(ServerMessage::hasError).getError().getCode(), is("resume_refused"));
        }
        try (var client = WsTestClient.connect(fixtures.ws(dee.token()))) {
            client.sendText("{\"type\":\"resume\"}");
            assertThat(client.awaitJson("error").get("code").asText(), is("invalid_message"));
            client.sendText("{\"type\":\"resume\",\"token\":\"" + token + "\"}");
            assertThat(
                    "another account's attempt did not use the owner's token up",
                    client.awaitJson("welcome").get("character_id").asText(),
                    is(dee.character().toString()));
        }
    }

    @Test
    void aGoodbyeLeavesAtOnceAndCannotBeResumed() {
        var fay = fixtures.player("resume_fay", 900, 900);
        String token;
        try (var client = WsTestClient.connect(fixtures.ws(fay.token()))) {
            client.sendText(jsonJoin(fay));
            token = client.awaitJson("welcome").get("resume_token").asText();
        } // closes with 1000
        try (var client = WsTestClient.connect(fixtures.ws(fay.token()))) {
            client.sendText("{\"type\":\"resume\",\"token\":\"" + token + "\"}");
            assertThat(client.awaitJson("error").get("code").asText(), is("resume_refused"));
        }
    }

    @Test
    void aJoinTakesOverAParkedEntityAndItsOldTokenIsRefused() {
        var gus = fixtures.player("resume_gus", 200, 800);
        String token;
        int entity;
        try (var grpc = new GrpcTestClient(server.worldPort(), gus.token())) {
            grpc.send(join(gus.character().toString()));
            ServerMessage welcome = grpc.await(ServerMessage::hasWelcome);
            token = welcome.getWelcome().getResumeToken();
            entity = welcome.getWelcome().getEntityId();
            grpc.drop();
        }
        try (var client = WsTestClient.connect(fixtures.ws(gus.token()))) {
            client.sendText(jsonJoin(gus));
            assertThat(
                    "the parked entity",
                    client.awaitJson("welcome").get("entity_id").asInt(),
                    is(entity));
            try (var late = new GrpcTestClient(server.worldPort(), gus.token())) {
                late.send(resume(token, 1));
                assertThat(late.await(ServerMessage::hasError).getError().getCode(), is("resume_refused"));
            }
            client.sendText("{\"type\":\"ping\",\"client_time\":1}");
            client.awaitJson("pong");
        }
    }

    @Test
    void aFreshAccessTokenFromRefreshResumesAfterTheOldOneExpired() throws Exception {
        try (var http = new Http(server)) {
            JsonNode session = JSON.readTree(http.postJson(
                            "/v1/auth/register",
                            "{\"email\":\"resume-hal@example.test\",\"password\":\"correct horse battery\"}")
                    .body());
            String access = session.get("access_token").asText();
            JsonNode character = JSON.readTree(
                    http.postJson("/v1/characters", "{\"name\":\"resume_hal\",\"class\":\"mage\"}", access)
                            .body());
            String token;
            int entity;
            try (var client = WsTestClient.connect(fixtures.ws(access))) {
                client.sendText("{\"type\":\"join\",\"character_id\":\""
                        + character.get("id").asText() + "\"}");
                JsonNode welcome = client.awaitJson("welcome");
                token = welcome.get("resume_token").asText();
                entity = welcome.get("entity_id").asInt();
                client.drop();
            }
            String account = session.get("account_id").asText();
            try (var expired = WsTestClient.connect(fixtures.ws(Tokens.hs256(Tokens.expired(account))))) {
                assertThat("the expired access token opens nothing", expired.awaitClose(), is(4401));
            }
            JsonNode refreshed = JSON.readTree(http.postJson(
                            "/v1/auth/refresh",
                            "{\"refresh_token\":\""
                                    + session.get("refresh_token").asText() + "\"}")
                    .body());
            try (var client = WsTestClient.connect(
                    fixtures.ws(refreshed.get("access_token").asText()))) {
                client.sendText("{\"type\":\"resume\",\"token\":\"" + token + "\"}");
                assertThat(client.awaitJson("welcome").get("entity_id").asInt(), is(entity));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
