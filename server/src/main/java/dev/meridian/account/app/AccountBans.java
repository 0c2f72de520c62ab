package dev.meridian.account.app;

import dev.meridian.account.app.RefreshTokens.RevocationReason;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;

/**
 * Bans an account: stored first (so its logins are refused), then every refresh family and access token it holds is
 * ended, so neither a refresh nor a token check lets it back in while the ban lasts.
 */
public final class AccountBans {
    private final Accounts accounts;
    private final SessionTokens sessions;

    public AccountBans(Accounts accounts, SessionTokens sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    /**
     * @return how many refresh families (logins) were ended
     * @throws AccountNotFoundException when there is no such account
     */
    public int ban(AccountId account, Ban ban) {
        if (!accounts.ban(account, ban)) {
            throw new AccountNotFoundException();
        }
        return sessions.endAll(account, RevocationReason.BANNED);
    }
}
