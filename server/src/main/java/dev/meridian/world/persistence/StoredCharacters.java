package dev.meridian.world.persistence;

import dev.meridian.character.app.CharacterPositions;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.world.cluster.ZoneFences;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.engine.PlayerCharacters;
import dev.meridian.world.engine.PositionStore;
import java.util.Collection;
import java.util.Optional;

/**
 * The world's ports over the character module, which owns the {@code characters} table: characters are read to enter
 * play and their positions written through it, so the cached character lists learn of every write.
 */
public final class StoredCharacters implements PlayerCharacters, PositionStore, ZoneFences {
    private final CharacterPositions characters;

    public StoredCharacters(CharacterPositions characters) {
        this.characters = characters;
    }

    @Override
    public Optional<PlayerCharacter> find(CharacterId id) {
        return characters
                .find(id)
                .map(c -> new PlayerCharacter(c.id(), c.accountId(), c.name().value(), c.zone(), c.x(), c.y()));
    }

    @Override
    public void save(Collection<CharacterPosition> positions) {
        characters.save(positions);
    }

    @Override
    public boolean advance(String zone, long epoch) {
        return characters.fence(zone, epoch);
    }
}
