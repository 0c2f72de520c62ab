package dev.meridian.account.app;

import dev.meridian.account.app.RefreshTokens.RevocationReason;
import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.account.domain.PasswordPolicy;
import dev.meridian.platform.events.EventPublisher;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Registration, login and password change: the use cases that hash passwords. */
public final class Authentication {
    private static final System.Logger LOG = System.getLogger(Authentication.class.getName());

    private final Accounts accounts;
    private final Passwords passwords;
    private final PasswordPolicy policy;
    private final SessionTokens sessions;
    private final EventPublisher events;
    private final Clock clock;

    public Authentication(
            Accounts accounts,
            Passwords passwords,
            PasswordPolicy policy,
            SessionTokens sessions,
            EventPublisher events,
            Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.policy = policy;
        this.sessions = sessions;
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
    public Session register(Email email, String password, ClientInfo client) {
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
        return sessions.start(account.id(), client);
    }

    /** @throws InvalidCredentialsException for an unknown email and for a wrong password alike */
    public Session login(Email email, String password, ClientInfo client) {
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
        return sessions.start(account.id(), client);
    }

    /** The account a verified access token names; @throws InvalidTokenException when it has been deleted since */
    public Account account(AccountId id) {
        return accounts.byId(id).orElseThrow(() -> new InvalidTokenException("The account no longer exists"));
    }

    /**
     * Replaces the password, then refuses every refresh family of the account but the caller's ({@code keep}) and
     * every access token issued before now, the caller's included.
     *
     * @param next already checked against {@link #policy()}
     * @return the caller's new access token (family {@code keep})
     * @throws WrongPasswordException when {@code current} is not the account's password
     */
    public AccessTokens.IssuedToken changePassword(
            Account account, Optional<FamilyId> keep, String current, String next) {
        if (policy.problem(next).isPresent()) {
            throw new IllegalArgumentException("password does not satisfy the policy");
        }
        if (!passwords.verify(current, account.passwordHash()).matches()) {
            throw new WrongPasswordException();
        }
        String hash = passwords.hash(next);
        // sessions first: should the update below fail, the old password still works for a retry, and nothing
        // that the change was meant to end is left running
        AccessTokens.IssuedToken token = sessions.keepOnly(account.id(), keep, RevocationReason.PASSWORD_CHANGED);
        accounts.changePasswordHash(account.id(), hash);
        LOG.log(Level.INFO, "event=password_changed account=" + account.id() + " kept_family=" + keep.isPresent());
        return token;
    }
}
