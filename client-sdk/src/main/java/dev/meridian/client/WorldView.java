package dev.meridian.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this player sees after the latest snapshot: every entity in view with positions in world units.
 *
 * <p>Handed to {@link WorldListener#onSnapshot}; it is live (the next snapshot changes it), so read it during the
 * callback, and call {@link #entities()} for a copy to keep. When the connection was opened with
 * {@link WorldOptions#trackView()} false, only {@link #self()} is tracked and {@link #entities()} is empty.
 */
public final class WorldView {
    private final ViewState state;
    private final double scale;

    WorldView(ViewState state, int positionScale) {
        this.state = state;
        this.scale = positionScale > 0 ? positionScale : 1;
    }

    /** The server tick of the latest snapshot. */
    public long tick() {
        return state.tick();
    }

    /** The last move sequence number the server applied. */
    public long ackSeq() {
        return state.ackSeq();
    }

    /** This player's own entity. */
    public EntityView self() {
        return toView(state.self());
    }

    /** One entity by id, if in view. */
    public Optional<EntityView> entity(int id) {
        ViewState.Entity entity = state.entities().get(id);
        return entity == null ? Optional.empty() : Optional.of(toView(entity));
    }

    /** How many entities are in view (this player included). */
    public int size() {
        return state.entities().size();
    }

    /** A copy of the whole view: entity id → entity. */
    public Map<Integer, EntityView> entities() {
        Map<Integer, EntityView> copy = new LinkedHashMap<>();
        state.entities().forEach((id, entity) -> copy.put(id, toView(entity)));
        return copy;
    }

    private EntityView toView(ViewState.Entity entity) {
        return new EntityView(entity.id, entity.name, entity.characterId, entity.x / scale, entity.y / scale);
    }
}
