package dev.meridian.account.app;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import java.time.Instant;
import java.util.Optional;

/** The store of accounts. */
public interface Accounts {

    /** @throws EmailTakenException when an account already uses that email */
    void add(Account account);

    Optional<Account> byEmail(Email email);

    Optional<Account> byId(AccountId id);

    void changePasswordHash(AccountId id, String passwordHash);

    /**
     * The instant before which the account's access tokens are refused ({@link Instant#EPOCH} when none ever were),
     * or empty when the account does not exist.
     */
    Optional<Instant> tokensValidAfter(AccountId id);

    /** Refuses the account's access tokens issued before {@code instant} from now on. */
    void refuseTokensIssuedBefore(AccountId id, Instant instant);
}
