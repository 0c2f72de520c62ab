package dev.meridian.client;

import dev.meridian.proto.world.v1.EntityEnter;
import dev.meridian.proto.world.v1.Snapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * A player's view rebuilt from delta snapshots, in fixed point as on the wire (so deltas add up exactly).
 *
 * <p>The reconstruction rule of world.proto: if {@code full}, clear the view; add every {@code entered} entity at
 * its absolute position; then add each {@code moved} (id, dx, dy) triple; then remove every {@code left} id. With
 * {@code trackAll} false only the player's own entity is kept, which is what a load generator needs.
 *
 * <p>Not thread-safe: a connection applies snapshots one at a time.
 */
final class ViewState {
    /** A mutable entity: snapshots move thousands of them per second, so positions change in place. */
    static final class Entity {
        final int id;
        final String name;
        final String characterId;
        int x;
        int y;

        Entity(int id, String name, String characterId, int x, int y) {
            this.id = id;
            this.name = name;
            this.characterId = characterId;
            this.x = x;
            this.y = y;
        }
    }

    private final boolean trackAll;
    private final Map<Integer, Entity> entities = new HashMap<>();
    private int selfId = -1;
    private Entity self = new Entity(-1, "", "", 0, 0);
    private long tick;
    private long ackSeq;

    ViewState(boolean trackAll) {
        this.trackAll = trackAll;
    }

    /** Starts over after a welcome: an empty view but for the player itself at its welcome position. */
    void reset(int entityId, String characterId, int x, int y, long welcomeTick) {
        entities.clear();
        selfId = entityId;
        self = new Entity(entityId, "", characterId, x, y);
        tick = welcomeTick;
        ackSeq = 0;
    }

    void apply(Snapshot snapshot) {
        begin(snapshot.getTick(), snapshot.getAckSeq(), snapshot.getFull());
        for (EntityEnter entered : snapshot.getEnteredList()) {
            enter(entered.getId(), entered.getName(), entered.getCharacterId(), entered.getX(), entered.getY());
        }
        int moved = snapshot.getMovedCount() - snapshot.getMovedCount() % 3;
        for (int i = 0; i < moved; i += 3) {
            move(snapshot.getMoved(i), snapshot.getMoved(i + 1), snapshot.getMoved(i + 2));
        }
        for (int i = 0; i < snapshot.getLeftCount(); i++) {
            leave(snapshot.getLeft(i));
        }
    }

    void begin(long snapshotTick, long snapshotAck, boolean full) {
        tick = snapshotTick;
        ackSeq = snapshotAck;
        if (full) {
            entities.clear();
        }
    }

    void enter(int id, String name, String characterId, int x, int y) {
        if (id == selfId) {
            self = new Entity(id, name, characterId.isEmpty() ? self.characterId : characterId, x, y);
            if (trackAll) {
                entities.put(id, self);
            }
        } else if (trackAll) {
            entities.put(id, new Entity(id, name, characterId, x, y));
        }
    }

    void move(int id, int dx, int dy) {
        Entity entity = id == selfId ? self : trackAll ? entities.get(id) : null;
        if (entity != null) {
            entity.x += dx;
            entity.y += dy;
        }
    }

    void leave(int id) {
        if (trackAll) {
            entities.remove(id);
        }
    }

    int selfId() {
        return selfId;
    }

    Entity self() {
        return self;
    }

    long tick() {
        return tick;
    }

    long ackSeq() {
        return ackSeq;
    }

    boolean tracksAll() {
        return trackAll;
    }

    Map<Integer, Entity> entities() {
        return entities;
    }
}
