package dev.meridian.account.app;

import dev.meridian.account.app.RefreshTokens.RevocationReason;
import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.account.domain.PasswordPolicy;
import dev.meridian.events.EventPublisher;
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
    private final ActiveBans bans;

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
        this.bans = ActiveBans.from(accounts);
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
                passwords.hash(PasswordPolicy.normalised(password)),
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
            // as many verifications as a wrong password of an existing account costs (see matches())
            passwords.verifyNothing(password);
            if (!PasswordPolicy.normalised(password).equals(password)) {
                passwords.verifyNothing(password);
            }
            throw new InvalidCredentialsException();
        }
        Account account = found.get();
        if (!matches(account, password)) {
            throw new InvalidCredentialsException();
        }
        // after the password: only the account's holder learns that it is banned
        bans.of(account.id(), clock.instant()).ifPresent(ban -> {
            throw new AccountBannedException(ban);
        });
        return sessions.start(account.id(), client);
    }

    /**
     * Verifies the NFKC form of {@code password}; a hash made before passwords were normalised is verified with the
     * password as typed when that differs, and then replaced by a hash of the normalised form (also when the Argon2
     * parameters have changed): the login is the only moment the plain password is known.
     */
    private boolean matches(Account account, String password) {
        String normalised = PasswordPolicy.normalised(password);
        Passwords.Verification verification = passwords.verify(normalised, account.passwordHash());
        String reason = "parameters";
        if (!verification.matches() && !normalised.equals(password)) {
            verification = passwords.verify(password, account.passwordHash());
            reason = "normalisation";
        }
        if (!verification.matches()) {
            return false;
        }
        if (verification.outdated() || reason.equals("normalisation")) {
            accounts.changePasswordHash(account.id(), passwords.hash(normalised));
            LOG.log(Level.INFO, "event=password_rehashed account=" + account.id() + " reason=" + reason);
        }
        return true;
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
        if (!matches(account, current)) {
            throw new WrongPasswordException();
        }
        String hash = passwords.hash(PasswordPolicy.normalised(next));
        // sessions first: should the update below fail, the old password still works for a retry, and nothing
        // that the change was meant to end is left running
        AccessTokens.IssuedToken token = sessions.keepOnly(account.id(), keep, RevocationReason.PASSWORD_CHANGED);
        accounts.changePasswordHash(account.id(), hash);
        LOG.log(Level.INFO, "event=password_changed account=" + account.id() + " kept_family=" + keep.isPresent());
        return token;
    }
}
