package dev.meridian.account.app;

import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.PasswordPolicy;
import dev.meridian.platform.events.EventPublisher;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Registration and login: the two ways to get an access token. */
public final class Authentication {
    private static final System.Logger LOG = System.getLogger(Authentication.class.getName());

    private final Accounts accounts;
    private final Passwords passwords;
    private final PasswordPolicy policy;
    private final AccessTokens tokens;
    private final EventPublisher events;
    private final Clock clock;

    public Authentication(
            Accounts accounts,
            Passwords passwords,
            PasswordPolicy policy,
            AccessTokens tokens,
            EventPublisher events,
            Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.policy = policy;
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
    }

    public PasswordPolicy policy() {
        return policy;
    }

    /**
     * @param password already checked against {@link #policy()}
     * @throws EmailTakenException when the email is in use
     */
    public Session register(Email email, String password) {
        if (policy.problem(password).isPresent()) {
            throw new IllegalArgumentException("password does not satisfy the policy");
        }
        Account account = new Account(
                AccountId.random(),
                email,
                passwords.hash(password),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        accounts.add(account);
        events.publish(
                AccountRegistered.TYPE, new AccountRegistered(account.id().toString()));
        LOG.log(Level.INFO, "event=account_registered account=" + account.id());
        return session(account.id());
    }

    /** @throws InvalidCredentialsException for an unknown email and for a wrong password alike */
    public Session login(Email email, String password) {
        Optional<Account> found = accounts.byEmail(email);
        if (found.isEmpty()) {
            passwords.verifyNothing(password);
            throw new InvalidCredentialsException();
        }
        Account account = found.get();
        Passwords.Verification verification = passwords.verify(password, account.passwordHash());
        if (!verification.matches()) {
            throw new InvalidCredentialsException();
        }
        if (verification.outdated()) {
            // the only moment the plain password is known: upgrade the hash to the configured parameters
            accounts.changePasswordHash(account.id(), passwords.hash(password));
            LOG.log(Level.INFO, "event=password_rehashed account=" + account.id());
        }
        return session(account.id());
    }

    private Session session(AccountId account) {
        return new Session(account, tokens.issue(account));
    }

    public record Session(AccountId account, AccessTokens.IssuedToken token) {}
}
