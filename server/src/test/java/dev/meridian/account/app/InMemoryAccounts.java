package dev.meridian.account.app;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link Accounts} contract in memory. */
final class InMemoryAccounts implements Accounts {
    private final Map<Email, Account> byEmail = new ConcurrentHashMap<>();

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
}
