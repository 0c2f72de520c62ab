package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.Role;
import java.util.Set;

/**
 * Admins are the accounts whose email is listed in {@code admin.accounts} and those flagged in the database by
 * {@code server/run admin grant EMAIL} (docs/operations.md, "Admin console"). One query per token issued.
 */
public final class AdminRoles implements Roles {
    private final Set<Email> configured;
    private final Accounts accounts;

    public AdminRoles(Set<Email> configured, Accounts accounts) {
        this.configured = Set.copyOf(configured);
        this.accounts = accounts;
    }

    @Override
    public Role of(AccountId account) {
        boolean admin = accounts.standing(account)
                .map(standing -> standing.adminFlag() || configured.contains(standing.email()))
                .orElse(false);
        return admin ? Role.ADMIN : Role.PLAYER;
    }
}
