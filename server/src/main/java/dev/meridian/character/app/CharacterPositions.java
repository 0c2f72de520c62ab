package dev.meridian.character.app;

import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.character.domain.FencedPosition;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The characters as the world uses them: read one to enter play, save where many stand. Positions go through the one
 * store of characters, and the owners' cached lists are forgotten once they are written, so that a list never shows
 * a position older than the last write.
 */
public final class CharacterPositions {
    private final Characters characters;
    private final CharacterListCache cache;

    public CharacterPositions(Characters characters, CharacterListCache cache) {
        this.characters = characters;
        this.cache = cache;
    }

    public Optional<Character> find(CharacterId id) {
        return characters.byId(id);
    }

    /** Blocks until written; throws when nothing could be written (the caller keeps the positions and retries). */
    public void save(Collection<CharacterPosition> positions) {
        if (positions.isEmpty()) {
            return;
        }
        cache.evictAll(characters.savePositions(positions));
    }

    /** Fences the zone at {@code epoch} before its new owner ticks it; false when a newer lease fenced it already. */
    public boolean fence(String zone, long epoch) {
        return characters.fenceZone(zone, epoch);
    }

    /**
     * Blocks until written, like {@link #save}; positions of a zone a newer lease has fenced are not written.
     *
     * @return the refused positions
     */
    public List<FencedPosition> saveFenced(Collection<FencedPosition> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        FencedSave saved = characters.saveFencedPositions(positions);
        cache.evictAll(saved.owners());
        return saved.refused();
    }
}
