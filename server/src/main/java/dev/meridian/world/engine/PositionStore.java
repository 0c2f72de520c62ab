package dev.meridian.world.engine;

import dev.meridian.world.domain.StoredPosition;
import java.util.Collection;

/** Durable storage of character positions (Postgres in production). */
public interface PositionStore {

    /** Writes all positions in one batch; blocks; throws when nothing could be written. */
    void save(Collection<StoredPosition> positions) throws Exception;
}
