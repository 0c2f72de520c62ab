package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;
import dev.meridian.account.domain.Standing;
import java.time.Instant;
import java.util.Optional;

/** The ban in force on an account: a login and a refresh of a banned account are refused with it. */
@FunctionalInterface
public interface ActiveBans {

    Optional<Ban> of(AccountId account, Instant now);

    /** The latest ban of each account in {@code accounts}, while it lasts. */
    static ActiveBans from(Accounts accounts) {
        return (account, now) ->
                accounts.standing(account).flatMap(Standing::ban).filter(ban -> ban.activeAt(now));
    }

    /** No one banned (tests of what bans do not change). */
    static ActiveBans none() {
        return (account, now) -> Optional.empty();
    }
}
