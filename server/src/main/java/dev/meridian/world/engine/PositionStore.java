package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterPosition;
import java.util.Collection;

/** Durable storage of character positions (the character module's store in production). */
public interface PositionStore {

    /** Writes all positions in one batch; blocks; throws when nothing could be written. */
    void save(Collection<CharacterPosition> positions) throws Exception;
}
