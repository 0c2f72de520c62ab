package dev.meridian.account.app;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.Standing;
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

    /** Its email, admin flag and latest ban; empty when the account does not exist. */
    Optional<Standing> standing(AccountId id);

    /**
     * Sets or clears the admin flag of the account with that email.
     *
     * @return whether such an account exists
     */
    boolean flagAdmin(Email email, boolean admin);

    /**
     * Replaces the account's ban.
     *
     * @return whether the account exists
     */
    boolean ban(AccountId id, Ban ban);
}
