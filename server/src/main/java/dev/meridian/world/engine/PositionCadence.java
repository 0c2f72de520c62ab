package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * When a zone hands positions to be saved: each moved one once every {@code world.persist-interval} (less the sink's
 * {@link PositionSink#writeDelay}, so that it is written within the interval), and a player's
 * at once when it leaves the zone (a goodbye, the end of a resume grace, or a portal).
 *
 * <p>Players take their turns on different ticks of the interval (by entity id), so each tick hands on a share of the
 * zone rather than one tick handing on everyone: with thousands of players, gathering every position at once cost
 * that one tick several milliseconds, and those ticks (one in a hundred at the defaults) were the zone's tick p99.
 */
final class PositionCadence {
    private final PositionSink sink;
    private final String zone;
    private final int persistTicks;

    PositionCadence(PositionSink sink, ZoneSettings settings) {
        this.sink = sink;
        this.zone = settings.name();
        // what the sink holds back before writing comes off the interval: a stored position is at most the interval old
        this.persistTicks = settings.ticksOf(settings.persistInterval().minus(sink.writeDelay()));
    }

    /** At the end of tick {@code now}: the moved positions of the players whose turn it is. */
    void afterTick(long now, Roster roster) {
        List<CharacterPosition> dirty = new ArrayList<>();
        roster.forEachTurn(now, persistTicks, entity -> {
            if (entity.dirty) {
                entity.dirty = false;
                dirty.add(stored(entity));
            }
        });
        if (!dirty.isEmpty()) {
            sink.save(dirty);
        }
    }

    /** Positions that changed since they were last handed on; clears their marks. */
    List<CharacterPosition> drainDirty(List<Entity> entities) {
        List<CharacterPosition> dirty = new ArrayList<>();
        for (Entity entity : entities) {
            if (entity.dirty) {
                entity.dirty = false;
                dirty.add(stored(entity));
            }
        }
        return dirty;
    }

    /** The entity leaves this zone: its position now. */
    void left(Entity entity) {
        entity.dirty = false;
        sink.saveLeaving(stored(entity));
    }

    /**
     * The entity walked through a portal: the character's new zone and position, handed on in one record (one row,
     * one statement) so that no reader ever sees the new zone with the old position or the reverse.
     */
    void crossed(Entity entity, String toZone, int x, int y) {
        entity.dirty = false;
        sink.save(List.of(new CharacterPosition(entity.character().id(), toZone, Fixed.units(x), Fixed.units(y))));
    }

    /**
     * The entity walked through a portal into a zone another node runs: the new zone and position, written (fenced by
     * this zone's lease) before the player is sent on.
     */
    CompletionStage<CrossingWrite> crossedAway(Entity entity, String toZone, int x, int y) {
        entity.dirty = false;
        return sink.saveCrossing(
                stored(entity), new CharacterPosition(entity.character().id(), toZone, Fixed.units(x), Fixed.units(y)));
    }

    /** Whether the positions handed on cannot be written now (Postgres away): see {@link PositionSink#failing}. */
    boolean writesFailing() {
        return sink.failing();
    }

    private CharacterPosition stored(Entity entity) {
        return new CharacterPosition(entity.character().id(), zone, Fixed.units(entity.x), Fixed.units(entity.y));
    }
}
