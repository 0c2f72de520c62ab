package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterPosition;
import java.util.Collection;
import java.util.List;

/** Durable storage of character positions (the character module's store in production). */
public interface PositionStore {

    /** Writes all positions in one batch; blocks; throws when nothing could be written. */
    void save(Collection<CharacterPosition> positions) throws Exception;

    /**
     * Writes a portal crossing into a zone another node runs: the new zone and position in one row, as the last write
     * of {@code fromZone}'s owner. Blocks; throws when it could not be written (the caller retries).
     *
     * @return false when it was refused: this node no longer holds {@code fromZone}
     */
    default boolean saveCrossing(CharacterPosition position, String fromZone) throws Exception {
        save(List.of(position));
        return true;
    }
}
