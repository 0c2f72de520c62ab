package dev.meridian.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.EntityEnter;
import dev.meridian.proto.world.v1.Error;
import dev.meridian.proto.world.v1.Notice;
import dev.meridian.proto.world.v1.Pong;
import dev.meridian.proto.world.v1.PortalArea;
import dev.meridian.proto.world.v1.Redirect;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Snapshot;
import dev.meridian.proto.world.v1.Welcome;
import dev.meridian.proto.world.v1.ZoneChanged;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON WebSocket protocol ({@code meridian.v1.json}) mapped onto the protobuf messages, so the rest of the SDK
 * handles one kind of message. JSON carries positions in world units and a whole view per snapshot; they become
 * fixed point with the welcome's {@code position_scale} and a {@code full} snapshot.
 *
 * <p>One codec per connection: it remembers the scale.
 */
final class JsonCodec {
    private static final int DEFAULT_SCALE = 100;

    private int scale = DEFAULT_SCALE;

    String encode(ClientMessage message) {
        ObjectNode json = RestJson.MAPPER.createObjectNode();
        switch (message.getKindCase()) {
            case JOIN ->
                json.put("type", "join").put("character_id", message.getJoin().getCharacterId());
            case MOVE ->
                json.put("type", "move")
                        .put("dx", message.getMove().getDx())
                        .put("dy", message.getMove().getDy())
                        .put("seq", message.getMove().getSeq());
            case PING ->
                json.put("type", "ping").put("client_time", message.getPing().getClientTime());
            case LEAVE -> json.put("type", "leave");
            case RESUME ->
                json.put("type", "resume").put("token", message.getResume().getToken());
            case KIND_NOT_SET -> throw new IllegalArgumentException("empty client message");
        }
        if (message.getCid() != 0) {
            json.put("cid", Integer.toUnsignedLong(message.getCid()));
        }
        return json.toString();
    }

    /**
     * A message kind newer than this SDK decodes to an empty message (no kind set), which the connection ignores: old
     * clients keep working with newer servers, as with protobuf.
     *
     * @throws IllegalArgumentException for text that is not a JSON server message
     */
    ServerMessage decode(String text) {
        JsonNode json = RestJson.parse(text);
        String type = json.path("type").asText("");
        return switch (type) {
            case "welcome" ->
                ServerMessage.newBuilder().setWelcome(welcome(json)).build();
            case "zone_changed" ->
                ServerMessage.newBuilder().setZoneChanged(zoneChanged(json)).build();
            case "snapshot" ->
                ServerMessage.newBuilder().setSnapshot(snapshot(json)).build();
            case "pong" ->
                ServerMessage.newBuilder()
                        .setPong(Pong.newBuilder()
                                .setClientTime(json.path("client_time").asLong())
                                .setServerTime(json.path("server_time").asLong())
                                .setTick(json.path("tick").asInt()))
                        .build();
            case "error" ->
                ServerMessage.newBuilder()
                        .setError(Error.newBuilder()
                                .setCode(json.path("code").asText(""))
                                .setMessage(json.path("message").asText(""))
                                .setCid(json.path("cid").asInt())
                                .setRetryAfterMs(json.path("retry_after_ms").asInt()))
                        .build();
            case "redirect" ->
                ServerMessage.newBuilder()
                        .setRedirect(Redirect.newBuilder()
                                .setZone(json.path("zone").asText(""))
                                .setWebsocketUrl(json.path("websocket_url").asText(""))
                                .setGrpcTarget(json.path("grpc_target").asText("")))
                        .build();
            case "notice" ->
                ServerMessage.newBuilder()
                        .setNotice(Notice.newBuilder()
                                .setText(json.path("text").asText(""))
                                .setServerTime(json.path("server_time").asLong()))
                        .build();
            default -> {
                if (type.isEmpty()) {
                    throw new IllegalArgumentException("a server message needs a type");
                }
                yield ServerMessage.getDefaultInstance();
            }
        };
    }

    private Welcome welcome(JsonNode json) {
        int announced = json.path("position_scale").asInt(0);
        scale = announced > 0 ? announced : DEFAULT_SCALE;
        return Welcome.newBuilder()
                .setEntityId(json.path("entity_id").asInt())
                .setCharacterId(json.path("character_id").asText(""))
                .setZone(json.path("zone").asText(""))
                .setX(fixed(json.path("x")))
                .setY(fixed(json.path("y")))
                .setTick(json.path("tick").asInt())
                .setTickRate(json.path("tick_rate").asInt())
                .setServerTime(json.path("server_time").asLong())
                .setPositionScale(scale)
                .setZoneWidth(json.path("zone_width").asInt())
                .setZoneHeight(json.path("zone_height").asInt())
                .setResumeToken(json.path("resume_token").asText(""))
                .addAllPortals(portals(json))
                .build();
    }

    private ZoneChanged zoneChanged(JsonNode json) {
        return ZoneChanged.newBuilder()
                .setZone(json.path("zone").asText(""))
                .setEntityId(json.path("entity_id").asInt())
                .setX(fixed(json.path("x")))
                .setY(fixed(json.path("y")))
                .setTick(json.path("tick").asInt())
                .setZoneWidth(json.path("zone_width").asInt())
                .setZoneHeight(json.path("zone_height").asInt())
                .setFromZone(json.path("from_zone").asText(""))
                .addAllPortals(portals(json))
                .build();
    }

    private List<PortalArea> portals(JsonNode json) {
        List<PortalArea> portals = new ArrayList<>();
        for (JsonNode portal : json.path("portals")) {
            portals.add(PortalArea.newBuilder()
                    .setToZone(portal.path("to_zone").asText(""))
                    .setX(fixed(portal.path("x")))
                    .setY(fixed(portal.path("y")))
                    .setWidth(fixed(portal.path("width")))
                    .setHeight(fixed(portal.path("height")))
                    .build());
        }
        return portals;
    }

    private Snapshot snapshot(JsonNode json) {
        JsonNode ack = json.has("ack_seq") ? json.path("ack_seq") : json.path("ack");
        Snapshot.Builder snapshot = Snapshot.newBuilder()
                .setTick(json.path("tick").asInt())
                .setAckSeq(ack.asInt())
                .setFull(true);
        for (JsonNode entity : json.path("entities")) {
            snapshot.addEntered(EntityEnter.newBuilder()
                    .setId(entity.path("id").asInt())
                    .setCharacterId(entity.path("character_id").asText(""))
                    .setName(entity.path("name").asText(""))
                    .setX(fixed(entity.path("x")))
                    .setY(fixed(entity.path("y"))));
        }
        return snapshot.build();
    }

    private int fixed(JsonNode worldUnits) {
        return (int) Math.round(worldUnits.asDouble() * scale);
    }
}
