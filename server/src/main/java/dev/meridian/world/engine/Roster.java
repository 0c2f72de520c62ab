package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who is in the zone: its entities, found by character and by viewer, each in its grid cell, with the small ids
 * they are known by. Entering and leaving mark the cells so the tick's views describe them. Tick thread only.
 */
final class Roster {
    private final Grid grid;
    private final EntityIds ids = new EntityIds();
    private final Map<CharacterId, Entity> byCharacter = new HashMap<>();
    private final Map<Viewer, Entity> byViewer = new IdentityHashMap<>();
    /** In order of entering; the tick's loops index it rather than iterate (no iterator per tick). */
    final List<Entity> entities = new ArrayList<>();
    /** By entity id (ids are small and reused, so this stays as long as the zone's peak population). */
    private Entity[] byId = new Entity[64];

    Roster(Grid grid) {
        this.grid = grid;
    }

    Entity byCharacter(CharacterId character) {
        return byCharacter.get(character);
    }

    Entity byViewer(Viewer viewer) {
        return byViewer.get(viewer);
    }

    int size() {
        return entities.size();
    }

    /**
     * The entities whose turn it is in tick {@code now} of a cycle of {@code period} ticks: those whose id is the tick
     * modulo the period. Work done once per period per player (saving positions, sampling events) thus takes a
     * share of the players each tick instead of all of them on one.
     */
    void forEachTurn(long now, int period, Consumer<Entity> action) {
        Entity[] entities = byId;
        for (int id = (int) (now % period); id < entities.length; id += period) {
            Entity entity = entities[id];
            if (entity != null) {
                action.accept(entity);
            }
        }
    }

    /** A new entity at (x, y), fixed point and within the zone; viewers near it see it enter this tick. */
    Entity enter(PlayerCharacter character, Viewer viewer, int x, int y, long now) {
        Entity entity = new Entity(ids.allocate(), character, viewer, x, y);
        entity.joinedTick = now;
        entity.cell = grid.cellAt(x, y);
        entity.cell.add(entity);
        entity.cell.arrivals.add(entity);
        grid.touch(entity.cell);
        entities.add(entity);
        if (entity.id() >= byId.length) {
            byId = Arrays.copyOf(byId, Math.max(entity.id() + 1, byId.length * 2));
        }
        byId[entity.id()] = entity;
        byCharacter.put(character.id(), entity);
        byViewer.put(viewer, entity);
        return entity;
    }

    /** The entity leaves the zone; viewers that saw it learn it left (one that saw it enter this tick: both). */
    void remove(Entity entity) {
        byViewer.remove(entity.viewer);
        byCharacter.remove(entity.character().id());
        entities.remove(entity);
        byId[entity.id()] = null;
        entity.cell.remove(entity);
        entity.cell.addRemoved(entity.id());
        grid.touch(entity.cell);
        ids.free(entity.id());
    }

    /** Another viewer plays the entity from now on (a takeover or a resume). */
    void reassign(Entity entity, Viewer viewer) {
        byViewer.remove(entity.viewer);
        entity.viewer = viewer;
        byViewer.put(viewer, entity);
    }

    /** End of tick: ids freed during it may be given out again. */
    void releaseIds() {
        ids.releasePending();
    }
}
