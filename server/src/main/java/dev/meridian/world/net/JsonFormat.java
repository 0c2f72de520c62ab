package dev.meridian.world.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.world.domain.Portal;
import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.Welcome;
import dev.meridian.world.engine.ZoneChange;
import dev.meridian.world.engine.ZoneSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed's JSON text frames: readable, full snapshots, positions in world units. */
final class JsonFormat implements WireFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per zone and per thread, like {@link ProtoFormat}'s: the tick's fan-out threads never share caches. */
    private final ThreadLocal<Map<String, JsonSnapshotEncoder>> encoders = ThreadLocal.withInitial(HashMap::new);

    @Override
    public boolean text() {
        return true;
    }

    @Override
    public ClientRequest decode(byte[] frame) {
        JsonNode node;
        try {
            node = JSON.readTree(frame);
        } catch (IOException e) {
            return new ClientRequest.Invalid(0, "not JSON");
        }
        if (node == null || !node.isObject()) {
            return new ClientRequest.Invalid(0, "not a JSON object");
        }
        int cid = node.path("cid").asInt(0);
        String type = node.path("type").asText("");
        return switch (type) {
            case "join" ->
                node.path("character_id").isTextual()
                        ? new ClientRequest.Join(cid, node.get("character_id").asText())
                        : new ClientRequest.Invalid(cid, "join needs a character_id string");
            case "move" ->
                node.path("dx").isNumber() && node.path("dy").isNumber()
                        ? new ClientRequest.Move(
                                cid, node.get("dx").floatValue(), node.get("dy").floatValue(), (int)
                                        node.path("seq").asLong(0))
                        : new ClientRequest.Invalid(cid, "move needs numbers dx and dy");
            case "ping" ->
                new ClientRequest.Ping(
                        cid,
                        node.path("client_time").isNumber()
                                ? node.get("client_time").numberValue()
                                : 0,
                        node.path("rtt_ms").isNumber() ? node.get("rtt_ms").asInt() : 0);
            case "leave" -> new ClientRequest.Leave(cid);
            case "resume" ->
                node.path("token").isTextual()
                        ? new ClientRequest.Resume(cid, node.get("token").asText())
                        : new ClientRequest.Invalid(cid, "resume needs a token string");
            default -> new ClientRequest.Invalid(cid, "unknown type '" + type + "'");
        };
    }

    @Override
    public byte[] welcome(Welcome welcome, String resumeToken, long serverTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "welcome");
        body.put("entity_id", welcome.entityId());
        body.put("character_id", welcome.character().toString());
        body.put("zone", welcome.zone());
        body.put("x", welcome.x() / (double) ZoneSettings.POSITION_SCALE);
        body.put("y", welcome.y() / (double) ZoneSettings.POSITION_SCALE);
        body.put("tick", welcome.tick());
        body.put("tick_rate", welcome.tickRate());
        body.put("server_time", serverTime);
        body.put("zone_width", welcome.zoneWidth());
        body.put("zone_height", welcome.zoneHeight());
        body.put("resume_token", resumeToken);
        body.put("portals", portals(welcome.portals()));
        return write(body);
    }

    @Override
    public byte[] zoneChanged(ZoneChange change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "zone_changed");
        body.put("zone", change.zone());
        body.put("entity_id", change.entityId());
        body.put("x", change.x() / (double) ZoneSettings.POSITION_SCALE);
        body.put("y", change.y() / (double) ZoneSettings.POSITION_SCALE);
        body.put("tick", change.tick());
        body.put("zone_width", change.zoneWidth());
        body.put("zone_height", change.zoneHeight());
        body.put("from_zone", change.fromZone());
        body.put("portals", portals(change.portals()));
        return write(body);
    }

    /** Portals in world units, like every JSON position. */
    private static List<Map<String, Object>> portals(List<Portal> portals) {
        return portals.stream()
                .map(portal -> {
                    Map<String, Object> area = new LinkedHashMap<>();
                    area.put("to_zone", portal.toZone());
                    area.put("x", portal.area().x());
                    area.put("y", portal.area().y());
                    area.put("width", portal.area().width());
                    area.put("height", portal.area().height());
                    return area;
                })
                .toList();
    }

    @Override
    public ByteBuf snapshot(ViewUpdate update, ByteBufAllocator alloc, int headroom) {
        CharSequence text = encoders.get()
                .computeIfAbsent(update.zone(), zone -> new JsonSnapshotEncoder())
                .encode(update);
        if (text == null) {
            return null;
        }
        // names are [A-Za-z0-9_-] and the rest are numbers: the text is ASCII, one byte per char
        ByteBuf buffer = alloc.directBuffer(headroom + text.length());
        buffer.writerIndex(headroom).readerIndex(headroom);
        buffer.writeCharSequence(text, StandardCharsets.US_ASCII);
        return buffer;
    }

    @Override
    public byte[] pong(Number clientTime, long serverTime, long tick) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "pong");
        body.put("client_time", clientTime);
        body.put("server_time", serverTime);
        body.put("tick", tick);
        return write(body);
    }

    @Override
    public byte[] notice(String text, long serverTime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "notice");
        body.put("text", text);
        body.put("server_time", serverTime);
        return write(body);
    }

    @Override
    public byte[] error(String code, String message, int cid, Duration retryAfter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("code", code);
        body.put("message", message);
        if (cid != 0) {
            body.put("cid", cid);
        }
        if (retryAfter.isPositive()) {
            body.put("retry_after_ms", retryAfter.toMillis());
        }
        return write(body);
    }

    private static byte[] write(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }
}
