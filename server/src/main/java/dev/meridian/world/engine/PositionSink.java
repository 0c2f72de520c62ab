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
     * A character walked through a portal of {@code fromZone} into a zone another node runs: its new zone and position,
     * to be written before the player is sent there. A sink that keeps nothing back (tests) hands it on like any
     * position.
     *
     * @return completes true once written, false when it was refused (this node no longer holds {@code fromZone})
     */
    default CompletionStage<Boolean> saveCrossing(CharacterPosition position, String fromZone) {
        save(List.of(position));
        return CompletableFuture.completedFuture(true);
    }

    /**
     * How long after {@link #save} a position may reach the store at most (a sink that gathers writes into batches);
     * zones hand positions on that much sooner to keep their loss bound.
     */
    default Duration writeDelay() {
        return Duration.ZERO;
    }
}
