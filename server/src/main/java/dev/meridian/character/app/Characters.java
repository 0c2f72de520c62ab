package dev.meridian.character.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.character.domain.FencedPosition;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The store of characters: the one owner of the {@code characters} table, the world included. */
public interface Characters {

    /** The account's characters, oldest first. */
    List<Character> ofAccount(AccountId account);

    Optional<Character> byId(CharacterId id);

    /**
     * Adds a character unless its account already has {@code limit} of them; atomic per account, so concurrent
     * creates cannot exceed the limit.
     *
     * @throws NameTakenException when another character has that name, ignoring case
     * @throws CharacterLimitException when the account has {@code limit} characters
     */
    void add(Character character, int limit);

    /** Deletes the character if {@code owner} owns it; @return whether a character was deleted */
    boolean delete(CharacterId id, AccountId owner);

    /**
     * Renames the character if {@code owner} owns it, setting its {@code updatedAt} to {@code now}.
     *
     * @return the renamed character, or empty when there is no such character of {@code owner}'s
     * @throws NameTakenException when another character has that name, ignoring case
     */
    Optional<Character> rename(CharacterId id, AccountId owner, CharacterName name, Instant now);

    /**
     * Saves where characters stand, all at once; a character that no longer exists is skipped.
     *
     * @return the owners of the characters that were saved, whose lists have changed
     */
    Set<AccountId> savePositions(Collection<CharacterPosition> positions);

    /**
     * Advances the zone's fence to {@code epoch}, the lease a world node has just acquired; atomic with respect to
     * {@link #saveFencedPositions}: a save that began under the old fence commits before it, or is refused.
     *
     * @return false when the zone is fenced at a newer epoch already (the caller's lease is stale)
     */
    boolean fenceZone(String zone, long epoch);

    /**
     * Saves the positions whose epoch is still their zone's fence, all at once; refuses the others (a newer lease
     * took the zone). A character that no longer exists is skipped.
     */
    FencedSave saveFencedPositions(Collection<FencedPosition> positions);
}
