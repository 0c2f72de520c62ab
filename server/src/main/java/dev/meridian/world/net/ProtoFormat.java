package dev.meridian.world.net;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Error;
import dev.meridian.proto.world.v1.Notice;
import dev.meridian.proto.world.v1.Pong;
import dev.meridian.proto.world.v1.PortalArea;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.ZoneChanged;
import dev.meridian.world.domain.Area;
import dev.meridian.world.domain.Portal;
import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.Welcome;
import dev.meridian.world.engine.ZoneChange;
import dev.meridian.world.engine.ZoneSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Protobuf frames: one ClientMessage / ServerMessage each (meridian/world/v1/world.proto). */
public final class ProtoFormat implements WireFormat {
    /**
     * Encoders per zone and per thread: a zone's tick (and its fan-out helpers) each fill their own caches without
     * any locking. The zone hands each thread a band of neighbouring cells, so a cell's fragments are encoded once
     * per tick except along the borders between bands.
     */
    private final ThreadLocal<Map<String, ProtoSnapshotEncoder>> encoders = ThreadLocal.withInitial(HashMap::new);
    /** The zone this thread asked for last: saves a map lookup per viewer per tick. */
    private final ThreadLocal<ZoneEncoder> current = new ThreadLocal<>();

    private record ZoneEncoder(String zone, ProtoSnapshotEncoder encoder) {}

    @Override
    public boolean text() {
        return false;
    }

    @Override
    public ClientRequest decode(byte[] frame) {
        ClientRequest.Move move = ProtoMoveReader.read(frame);
        if (move != null) {
            return move;
        }
        ClientMessage message;
        try {
            message = ClientMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            return new ClientRequest.Invalid(0, "not a ClientMessage");
        }
        int cid = message.getCid();
        return switch (message.getKindCase()) {
            case JOIN -> new ClientRequest.Join(cid, message.getJoin().getCharacterId());
            case MOVE ->
                new ClientRequest.Move(
                        cid,
                        message.getMove().getDx(),
                        message.getMove().getDy(),
                        message.getMove().getSeq());
            case PING ->
                new ClientRequest.Ping(
                        cid,
                        message.getPing().getClientTime(),
                        message.getPing().getRttMs());
            case LEAVE -> new ClientRequest.Leave(cid);
            case RESUME -> new ClientRequest.Resume(cid, message.getResume().getToken());
            case KIND_NOT_SET -> new ClientRequest.Invalid(cid, "ClientMessage without a kind");
        };
    }

    @Override
    public byte[] welcome(Welcome welcome, String resumeToken, long serverTime) {
        return ServerMessage.newBuilder()
                .setWelcome(dev.meridian.proto.world.v1.Welcome.newBuilder()
                        .setEntityId(welcome.entityId())
                        .setCharacterId(welcome.character().toString())
                        .setZone(welcome.zone())
                        .setX(welcome.x())
                        .setY(welcome.y())
                        .setTick((int) welcome.tick())
                        .setTickRate(welcome.tickRate())
                        .setServerTime(serverTime)
                        .setPositionScale(welcome.positionScale())
                        .setZoneWidth(welcome.zoneWidth())
                        .setZoneHeight(welcome.zoneHeight())
                        .setResumeToken(resumeToken)
                        .addAllPortals(portals(welcome.portals())))
                .build()
                .toByteArray();
    }

    @Override
    public byte[] zoneChanged(ZoneChange change) {
        return ServerMessage.newBuilder()
                .setZoneChanged(ZoneChanged.newBuilder()
                        .setZone(change.zone())
                        .setEntityId(change.entityId())
                        .setX(change.x())
                        .setY(change.y())
                        .setTick((int) change.tick())
                        .setZoneWidth(change.zoneWidth())
                        .setZoneHeight(change.zoneHeight())
                        .setFromZone(change.fromZone())
                        .addAllPortals(portals(change.portals())))
                .build()
                .toByteArray();
    }

    private static List<PortalArea> portals(List<Portal> portals) {
        return portals.stream()
                .map(portal -> {
                    Area area = portal.area();
                    return PortalArea.newBuilder()
                            .setToZone(portal.toZone())
                            .setX(fixed(area.x()))
                            .setY(fixed(area.y()))
                            .setWidth(fixed(area.width()))
                            .setHeight(fixed(area.height()))
                            .build();
                })
                .toList();
    }

    private static int fixed(double units) {
        return (int) Math.round(units * ZoneSettings.POSITION_SCALE);
    }

    @Override
    public ByteBuf snapshot(ViewUpdate update, ByteBufAllocator alloc, int headroom) {
        ZoneEncoder last = current.get();
        if (last == null || !last.zone().equals(update.zone())) {
            last = new ZoneEncoder(
                    update.zone(), encoders.get().computeIfAbsent(update.zone(), zone -> new ProtoSnapshotEncoder()));
            current.set(last);
        }
        return last.encoder().encode(update, alloc, headroom);
    }

    @Override
    public byte[] pong(Number clientTime, long serverTime, long tick) {
        return ServerMessage.newBuilder()
                .setPong(Pong.newBuilder()
                        .setClientTime(clientTime.longValue())
                        .setServerTime(serverTime)
                        .setTick((int) tick))
                .build()
                .toByteArray();
    }

    @Override
    public byte[] notice(String text, long serverTime) {
        return ServerMessage.newBuilder()
                .setNotice(Notice.newBuilder().setText(text).setServerTime(serverTime))
                .build()
                .toByteArray();
    }

    @Override
    public byte[] error(String code, String message, int cid, Duration retryAfter) {
        return ServerMessage.newBuilder()
                .setError(Error.newBuilder()
                        .setCode(code)
                        .setMessage(message)
                        .setCid(cid)
                        .setRetryAfterMs((int) retryAfter.toMillis()))
                .build()
                .toByteArray();
    }
}
