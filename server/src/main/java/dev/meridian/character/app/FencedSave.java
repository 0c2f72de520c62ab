package dev.meridian.character.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.FencedPosition;
import java.util.List;
import java.util.Set;

/**
 * What a fenced save did.
 *
 * @param owners the owners of the characters whose positions were written (their cached lists are stale)
 * @param refused the positions whose zone a newer lease had fenced: never written, never to be retried
 */
public record FencedSave(Set<AccountId> owners, List<FencedPosition> refused) {
    public FencedSave {
        owners = Set.copyOf(owners);
        refused = List.copyOf(refused);
    }
}
