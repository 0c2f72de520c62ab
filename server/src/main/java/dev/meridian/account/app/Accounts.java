package dev.meridian.account.app;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import java.util.Optional;

/** The store of accounts. */
public interface Accounts {

    /** @throws EmailTakenException when an account already uses that email */
    void add(Account account);

    Optional<Account> byEmail(Email email);

    void changePasswordHash(AccountId id, String passwordHash);
}
