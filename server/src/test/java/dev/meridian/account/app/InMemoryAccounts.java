package dev.meridian.account.app;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link Accounts} contract in memory. */
final class InMemoryAccounts implements Accounts {
    private final Map<Email, Account> byEmail = new ConcurrentHashMap<>();
    private final Map<AccountId, Instant> validAfter = new ConcurrentHashMap<>();
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

    /** What deleting the row does (there is no use case for it yet). */
    void remove(AccountId id) {
        byEmail.values().removeIf(a -> a.id().equals(id));
    }
}
