package dev.meridian.world.domain;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import java.util.Objects;

/** A character as the world needs it to enter play: owner, name, and where it was last saved (world units). */
public record PlayerCharacter(CharacterId id, AccountId owner, String name, String zone, double x, double y) {
    public PlayerCharacter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
    }

    public boolean ownedBy(AccountId account) {
        return owner.equals(account);
    }

    public PlayerCharacter at(String zone, double x, double y) {
        return new PlayerCharacter(id, owner, name, zone, x, y);
    }
}
