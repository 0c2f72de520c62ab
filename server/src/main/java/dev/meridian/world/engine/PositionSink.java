package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterPosition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where a zone hands positions to be saved; must not block the tick. */
public interface PositionSink {

    void save(List<CharacterPosition> positions);

    /**
     * A player left the zone (a goodbye, the end of its resume grace): its last position, which a reader may ask for
     * right away (its character list, a join on another node), so a sink that gathers writes does not hold it for a
     * whole batch gap.
     */
    default void saveLeaving(CharacterPosition position) {
        save(List.of(position));
    }

    /**
     * A character walked through a portal into a zone another node runs: its new zone and position, to be written
     * before the player is sent there. A sink that keeps nothing back (tests) hands it on like any position.
     *
     * @param before where it stood in the zone it leaves (the zone whose lease fences the write)
     * @param after the new zone and the portal's point
     * @return completes once the write was tried: written, refused, or failed (then {@code before} is kept instead)
     */
    default CompletionStage<CrossingWrite> saveCrossing(CharacterPosition before, CharacterPosition after) {
        save(List.of(after));
        return CompletableFuture.completedFuture(CrossingWrite.WRITTEN);
    }

    /**
     * Whether writes are failing now (the last one failed and the sink waits to retry): a crossing that must be
     * written before the player moves on would wait, so portals into other nodes hold players back meanwhile.
     */
    default boolean failing() {
        return false;
    }

    /**
     * How long after {@link #save} a position may reach the store at most (a sink that gathers writes into batches);
     * zones hand positions on that much sooner to keep their loss bound.
     */
    default Duration writeDelay() {
        return Duration.ZERO;
    }
}
