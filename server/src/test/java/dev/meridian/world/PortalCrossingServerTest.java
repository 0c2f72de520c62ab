package dev.meridian.world;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Resume;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Snapshot;
import dev.meridian.proto.world.v1.ZoneChanged;
import dev.meridian.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walking through the shipped map's east portal of {@code starter} (x 980..1000, y 450..550, to (40, 400) of
 * {@code forest}) over each transport: ZoneChanged, a full view of the new zone, the session going on (moves acked, a
 * resume on the other transport), the other players seeing it leave, and the Postgres row holding the new zone and the
 * portal's point.
 */
class PortalCrossingServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static WorldFixtures fixtures;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("world.session.idle-timeout", "PT60S", "world.node-id", "node-a"));
        fixtures = new WorldFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJsonClientWalksIntoForestAndItsRowSaysSo() {
        var walker = fixtures.player("portal_json", 979, 500);
        try (var client = WsTestClient.connect(ws(walker.token()), "meridian.v1.json")) {
            // a client cannot name a zone: the field is not part of a join and changes nothing
            client.sendText("{\"type\":\"join\",\"character_id\":\"" + walker.character() + "\",\"zone\":\"caves\"}");
            JsonNode welcome = awaitJson(client, "welcome");
            assertThat(welcome.get("zone").asText(), is("starter"));
            assertThat(welcome.get("portals").get(0).get("to_zone").asText(), is("forest"));
            int seq = 0;
            JsonNode changed = null;
            while (changed == null) {
                client.sendText("{\"type\":\"move\",\"dx\":1,\"dy\":0,\"seq\":" + ++seq + "}");
                JsonNode next = json(client.await(String.class, text -> {
                    String type = json(text).path("type").asText();
                    return type.equals("zone_changed") || type.equals("snapshot");
                }));
                changed = next.path("type").asText().equals("zone_changed") ? next : null;
            }
            assertThat(changed.get("zone").asText(), is("forest"));
            assertThat(changed.get("from_zone").asText(), is("starter"));
            assertThat(changed.get("x").asDouble(), is(40.0));
            assertThat(changed.get("y").asDouble(), is(400.0));
            assertThat(changed.get("zone_width").asInt(), is(800));
            int self = changed.get("entity_id").asInt();
            assertRowSays(walker.character(), "forest", 40, 400);

            int moveInForest = seq + 1;
            client.sendText("{\"type\":\"move\",\"dx\":1,\"dy\":0,\"seq\":" + moveInForest + "}");
            JsonNode acked = json(
                    client.await(String.class, text -> json(text).path("ack").asInt() == moveInForest));
            JsonNode me = null;
            for (JsonNode entity : acked.get("entities")) {
                me = entity.get("id").asInt() == self ? entity : me;
            }
            assertThat("it walks on in the forest", me.get("x").asDouble(), greaterThan(40.0));
        }
    }

    @Test
    void aBinaryWebSocketClientCrossesWhileAnotherPlayerWatchesItGoAndResumesOverGrpc() {
        var walker = fixtures.player("portal_ws", 979, 460);
        var watcher = fixtures.player("portal_watch", 965, 460);
        try (var watching = WsTestClient.connect(ws(watcher.token()), "meridian.v1.proto");
                var client = WsTestClient.connect(ws(walker.token()), "meridian.v1.proto")) {
            watching.sendBinary(join(watcher.character(), 1).toByteArray());
            watching.await(byte[].class, frame -> parse(frame).hasWelcome());
            ProtoView watched = new ProtoView();
            client.sendBinary(join(walker.character(), 2).toByteArray());
            ServerMessage welcome =
                    parse(client.await(byte[].class, frame -> parse(frame).hasWelcome()));
            String token = welcome.getWelcome().getResumeToken();
            while (!watched.sees("portal_ws")) {
                watched.apply(
                        parse(watching.await(byte[].class, frame -> parse(frame).hasSnapshot()))
                                .getSnapshot());
            }

            ZoneChanged changed = walkUntilZoneChanged(
                    message -> client.sendBinary(message.toByteArray()),
                    wanted -> parse(client.await(byte[].class, frame -> wanted.test(parse(frame)))));
            assertThat(changed.getZone(), is("forest"));
            assertThat(changed.getX(), is(4_000));
            assertThat(changed.getY(), is(40_000));
            assertThat(changed.getPortalsCount(), is(2));
            Snapshot first = parse(
                            client.await(byte[].class, frame -> parse(frame).hasSnapshot()))
                    .getSnapshot();
            assertThat("the first snapshot in the new zone is full", first.getFull(), is(true));
            while (watched.sees("portal_ws")) {
                watched.apply(
                        parse(watching.await(byte[].class, frame -> parse(frame).hasSnapshot()))
                                .getSnapshot());
            }
            assertRowSays(walker.character(), "forest", 40, 400);

            client.drop();
            try (var resumed = new GrpcTestClient(server.worldPort(), walker.token())) {
                resumed.send(ClientMessage.newBuilder()
                        .setResume(Resume.newBuilder().setToken(token))
                        .build());
                ServerMessage again = resumed.await(ServerMessage::hasWelcome);
                assertThat(
                        "the entity waits for its resume in its new zone",
                        again.getWelcome().getZone(),
                        is("forest"));
                assertThat(again.getWelcome().getEntityId(), is(changed.getEntityId()));
            }
        }
    }

    @Test
    void aGrpcClientCrossesAndGoesOnMoving() {
        var walker = fixtures.player("portal_grpc", 979, 540);
        try (var client = new GrpcTestClient(server.worldPort(), walker.token())) {
            client.send(join(walker.character(), 3));
            client.await(ServerMessage::hasWelcome);
            ZoneChanged changed = walkUntilZoneChanged(client::send, client::await);
            assertThat(changed.getZone(), is("forest"));
            assertThat(changed.getFromZone(), is("starter"));
            assertRowSays(walker.character(), "forest", 40, 400);
            client.send(move(0, 1, 1000));
            ProtoView view = new ProtoView();
            Snapshot acked = null;
            while (acked == null) {
                Snapshot snapshot = client.await(ServerMessage::hasSnapshot).getSnapshot();
                view.apply(snapshot);
                acked = snapshot.getAckSeq() == 1000 ? snapshot : null;
            }
            assertThat(view.entities.get(changed.getEntityId())[1], greaterThan(40_000));
        }
    }

    @Test
    void theZoneListShowsEveryZoneOfTheMapWithItsOwnerAndPlayers() throws Exception {
        var stander = fixtures.player("zone_lister", 200, 200);
        try (var client = new GrpcTestClient(server.worldPort(), stander.token())) {
            client.send(join(stander.character(), 4));
            client.await(ServerMessage::hasWelcome);
            JsonNode zones = zoneList().get("zones");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (zones.get(0).get("players").asInt() < 1 && System.nanoTime() < deadline) {
                sleep();
                zones = zoneList().get("zones");
            }
            assertThat(zones.size(), is(4));
            JsonNode starter = zones.get(0);
            assertThat(starter.get("id").asText(), is("starter"));
            assertThat(starter.get("owner").asText(), is("node-a"));
            assertThat(starter.get("width").asInt(), is(1000));
            assertThat(starter.get("players").asInt(), greaterThan(0));
            assertThat(starter.get("tick_p99_ms").isNumber(), is(true));
            assertThat(zones.get(3).get("id").asText(), is("caves"));
            assertThat(zones.get(3).get("owner").asText(), is("node-a"));
        }
    }

    private static JsonNode zoneList() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/world/zones"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode(), is(200));
        return json(response.body());
    }

    /** Sends one move east per snapshot until the server says the zone changed. */
    private static ZoneChanged walkUntilZoneChanged(
            java.util.function.Consumer<ClientMessage> send,
            java.util.function.Function<Predicate<ServerMessage>, ServerMessage> await) {
        for (int seq = 1; seq < 100; seq++) {
            send.accept(move(1, 0, seq));
            int acked = seq;
            ServerMessage next = await.apply(message -> message.hasZoneChanged()
                    || (message.hasSnapshot() && message.getSnapshot().getAckSeq() == acked));
            if (next.hasZoneChanged()) {
                return next.getZoneChanged();
            }
        }
        throw new AssertionError("no ZoneChanged after 100 moves east");
    }

    /** The write-behind was woken at the crossing: the row follows within moments, zone and position together. */
    private static void assertRowSays(UUID character, String zone, double x, double y) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        WorldFixtures.Stored stored = fixtures.stored(character);
        while (!stored.zone().equals(zone) && System.nanoTime() < deadline) {
            sleep();
            stored = fixtures.stored(character);
        }
        assertThat(stored, is(new WorldFixtures.Stored(zone, x, y)));
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static URI ws(String token) {
        return URI.create("ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + token);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static JsonNode awaitJson(WsTestClient client, String type) {
        return json(client.await(
                String.class, text -> type.equals(json(text).path("type").asText())));
    }

    private static ServerMessage parse(byte[] frame) {
        try {
            return ServerMessage.parseFrom(frame);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ClientMessage join(UUID character, int cid) {
        return ClientMessage.newBuilder()
                .setCid(cid)
                .setJoin(Join.newBuilder().setCharacterId(character.toString()))
                .build();
    }

    private static ClientMessage move(float dx, float dy, int seq) {
        return ClientMessage.newBuilder()
                .setMove(Move.newBuilder().setDx(dx).setDy(dy).setSeq(seq))
                .build();
    }
}
