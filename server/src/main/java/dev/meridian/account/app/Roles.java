package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Role;

/** Which role an access token is issued with: looked up at each login and refresh. */
@FunctionalInterface
public interface Roles {

    Role of(AccountId account);

    /** Everyone a player (tests of what roles do not change). */
    static Roles playersOnly() {
        return account -> Role.PLAYER;
    }
}
