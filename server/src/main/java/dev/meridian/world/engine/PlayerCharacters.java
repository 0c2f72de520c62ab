package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import java.util.Optional;

/** Reads characters for joining the world. Called on network threads, never on the tick. */
public interface PlayerCharacters {

    Optional<PlayerCharacter> find(CharacterId id);
}
