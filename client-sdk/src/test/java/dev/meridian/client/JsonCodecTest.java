package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Leave;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Ping;
import dev.meridian.proto.world.v1.PortalArea;
import dev.meridian.proto.world.v1.Resume;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Snapshot;
import dev.meridian.proto.world.v1.ZoneChanged;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private final JsonCodec codec = new JsonCodec();

    @Test
    void encodesClientMessagesAsTheJsonProtocol() {
        assertEquals(
                RestJson.parse("{\"type\":\"join\",\"character_id\":\"abc\",\"cid\":3}"),
                RestJson.parse(codec.encode(ClientMessage.newBuilder()
                        .setCid(3)
                        .setJoin(Join.newBuilder().setCharacterId("abc"))
                        .build())));
        assertEquals(
                RestJson.parse("{\"type\":\"move\",\"dx\":0.5,\"dy\":-1.0,\"seq\":17}"),
                RestJson.parse(codec.encode(ClientMessage.newBuilder()
                        .setMove(Move.newBuilder().setDx(0.5f).setDy(-1).setSeq(17))
                        .build())));
        assertEquals(
                RestJson.parse("{\"type\":\"ping\",\"client_time\":123}"),
                RestJson.parse(codec.encode(ClientMessage.newBuilder()
                        .setPing(Ping.newBuilder().setClientTime(123))
                        .build())));
        assertEquals(
                RestJson.parse("{\"type\":\"leave\"}"),
                RestJson.parse(codec.encode(ClientMessage.newBuilder()
                        .setLeave(Leave.getDefaultInstance())
                        .build())));
        assertEquals(
                RestJson.parse("{\"type\":\"resume\",\"token\":\"mrs_x\",\"cid\":4}"),
                RestJson.parse(codec.encode(ClientMessage.newBuilder()
                        .setCid(4)
                        .setResume(Resume.newBuilder().setToken("mrs_x"))
                        .build())));
    }

    @Test
    void zoneChangesAndPortalsBecomeTheProtobufMessagesInFixedPoint() {
        ServerMessage welcome = codec.decode("""
                {"type":"welcome","entity_id":4,"character_id":"c4","zone":"starter","x":500,"y":500,"tick":10,
                 "portals":[{"to_zone":"forest","x":980,"y":450.5,"width":20,"height":100}]}
                """);
        PortalArea gate = welcome.getWelcome().getPortals(0);
        assertEquals("forest", gate.getToZone());
        assertEquals(45_050, gate.getY());
        assertEquals(2_000, gate.getWidth());
        ServerMessage changed = codec.decode("""
                {"type":"zone_changed","zone":"forest","entity_id":5,"x":40,"y":400.25,"tick":88,"zone_width":800,
                 "zone_height":700,"from_zone":"starter","portals":[{"to_zone":"starter","x":0,"y":350,"width":20,
                 "height":100}]}
                """);
        assertTrue(changed.hasZoneChanged());
        ZoneChanged zone = changed.getZoneChanged();
        assertEquals("forest", zone.getZone());
        assertEquals("starter", zone.getFromZone());
        assertEquals(5, zone.getEntityId());
        assertEquals(4_000, zone.getX());
        assertEquals(40_025, zone.getY());
        assertEquals(88, zone.getTick());
        assertEquals(700, zone.getZoneHeight());
        assertEquals("starter", zone.getPortals(0).getToZone());
    }

    @Test
    void snapshotsBecomeFullViewsInFixedPointOfTheWelcomesScale() {
        ServerMessage welcome = codec.decode("""
                {"type":"welcome","entity_id":4,"character_id":"c4","zone":"start","x":12.5,"y":3,"tick":10,
                 "tick_rate":20,"server_time":1700000000000,"position_scale":10,"zone_width":1000,"zone_height":800,
                 "resume_token":"mrs_abc"}
                """);
        assertEquals(4, welcome.getWelcome().getEntityId());
        assertEquals(125, welcome.getWelcome().getX());
        assertEquals(10, welcome.getWelcome().getPositionScale());
        assertEquals("mrs_abc", welcome.getWelcome().getResumeToken());

        Snapshot snapshot = codec.decode("""
                        {"type":"snapshot","tick":11,"ack":7,"entities":[
                          {"id":4,"name":"me","x":12.5,"y":3.0},{"id":9,"name":"you","character_id":"c9","x":-1.26,"y":0}]}
                        """).getSnapshot();
        assertTrue(snapshot.getFull());
        assertEquals(7, snapshot.getAckSeq());
        assertEquals(2, snapshot.getEnteredCount());
        assertEquals(-13, snapshot.getEntered(1).getX(), "rounded to the nearest fixed-point step");
        assertEquals("c9", snapshot.getEntered(1).getCharacterId());
    }

    @Test
    void decodesPongAndError() {
        ServerMessage pong = codec.decode("{\"type\":\"pong\",\"client_time\":5,\"server_time\":6,\"tick\":7}");
        assertEquals(5, pong.getPong().getClientTime());
        ServerMessage error =
                codec.decode("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\",\"cid\":2}");
        assertEquals("rate_limited", error.getError().getCode());
        assertEquals(2, error.getError().getCid());
    }

    @Test
    void decodesNotice() {
        ServerMessage notice =
                codec.decode("{\"type\":\"notice\",\"text\":\"<b>restart</b> soon\",\"server_time\":1732450000300}");
        assertEquals("<b>restart</b> soon", notice.getNotice().getText());
        assertEquals(1732450000300L, notice.getNotice().getServerTime());
    }

    @Test
    void ignoresAMessageKindItDoesNotKnow() {
        assertEquals(
                ServerMessage.KindCase.KIND_NOT_SET,
                codec.decode("{\"type\":\"teleport\",\"x\":1}").getKindCase());
    }

    @Test
    void refusesWhatIsNotAServerMessage() {
        assertThrows(IllegalArgumentException.class, () -> codec.decode("{\"text\":\"no type\"}"));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("not json"));
    }
}
