package dev.meridian.account.app;

import dev.meridian.account.domain.Ban;

/** A login of a banned account: the password was right, and the holder is told why and until when. */
public final class AccountBannedException extends RuntimeException {
    private final Ban ban;

    public AccountBannedException(Ban ban) {
        super("This account is banned until " + ban.until() + ": " + ban.reason(), null, false, false);
        this.ban = ban;
    }

    public Ban ban() {
        return ban;
    }
}
