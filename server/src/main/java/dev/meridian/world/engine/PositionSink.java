package dev.meridian.world.engine;

import dev.meridian.world.domain.StoredPosition;
import java.util.List;

/** Where a zone hands positions to be saved; must not block the tick. */
public interface PositionSink {

    /** @param urgent true on leave: write soon rather than at the next interval */
    void save(List<StoredPosition> positions, boolean urgent);
}
