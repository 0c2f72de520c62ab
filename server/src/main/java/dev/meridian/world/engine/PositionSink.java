package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterPosition;
import java.util.List;

/** Where a zone hands positions to be saved; must not block the tick. */
public interface PositionSink {

    void save(List<CharacterPosition> positions);
}
