package dev.meridian.account.app;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.Standing;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link Accounts} contract in memory. */
final class InMemoryAccounts implements Accounts {
    private final Map<Email, Account> byEmail = new ConcurrentHashMap<>();
    private final Map<AccountId, Instant> validAfter = new ConcurrentHashMap<>();
    private final Set<Email> admins = ConcurrentHashMap.newKeySet();
    private final Map<AccountId, Ban> bans = new ConcurrentHashMap<>();
    int validityReads;

    @Override
    public void add(Account account) {
        if (byEmail.putIfAbsent(account.email(), account) != null) {
            throw new EmailTakenException();
        }
    }

    @Override
    public Optional<Account> byEmail(Email email) {
        return Optional.ofNullable(byEmail.get(email));
    }

    @Override
    public void changePasswordHash(AccountId id, String passwordHash) {
        byEmail.replaceAll(
                (email, a) -> a.id().equals(id) ? new Account(a.id(), a.email(), passwordHash, a.createdAt()) : a);
    }

    @Override
    public Optional<Account> byId(AccountId id) {
        return byEmail.values().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    @Override
    public Optional<Instant> tokensValidAfter(AccountId id) {
        validityReads++;
        return byId(id).map(a -> validAfter.getOrDefault(id, Instant.EPOCH));
    }

    @Override
    public void refuseTokensIssuedBefore(AccountId id, Instant instant) {
        validAfter.merge(id, instant, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public Optional<Standing> standing(AccountId id) {
        return byId(id).map(
                        a -> new Standing(a.email(), admins.contains(a.email()), Optional.ofNullable(bans.get(id))));
    }

    @Override
    public boolean flagAdmin(Email email, boolean admin) {
        if (!byEmail.containsKey(email)) {
            return false;
        }
        if (admin) {
            admins.add(email);
        } else {
            admins.remove(email);
        }
        return true;
    }

    @Override
    public boolean ban(AccountId id, Ban ban) {
        if (byId(id).isEmpty()) {
            return false;
        }
        bans.put(id, ban);
        return true;
    }

    /** What deleting the row does (there is no use case for it yet). */
    void remove(AccountId id) {
        byEmail.values().removeIf(a -> a.id().equals(id));
    }
}
