package dev.meridian.account.adapters;

import dev.meridian.account.app.Accounts;
import dev.meridian.account.app.EmailTakenException;
import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.Standing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Accounts in Postgres (migrations/V2__accounts.sql, V5__admin.sql). */
public final class PgAccounts implements Accounts {
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public PgAccounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void add(Account account) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO accounts (id, email, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            Timestamp created = Timestamp.from(account.createdAt());
            insert.setObject(1, account.id().value());
            insert.setString(2, account.email().value());
            insert.setString(3, account.passwordHash());
            insert.setTimestamp(4, created);
            insert.setTimestamp(5, created);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new EmailTakenException();
            }
            throw new IllegalStateException("cannot insert account", e);
        }
    }

    @Override
    public Optional<Account> byEmail(Email email) {
        return one("SELECT id, email, password_hash, created_at FROM accounts WHERE lower(email) = ?", email.value());
    }

    @Override
    public Optional<Account> byId(AccountId id) {
        return one("SELECT id, email, password_hash, created_at FROM accounts WHERE id = ?", id.value());
    }

    private Optional<Account> one(String query, Object parameter) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(query)) {
            select.setObject(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Account(
                        new AccountId(rows.getObject(1, UUID.class)),
                        new Email(rows.getString(2)),
                        rows.getString(3),
                        rows.getTimestamp(4).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read account", e);
        }
    }

    @Override
    public Optional<Instant> tokensValidAfter(AccountId id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT tokens_valid_after FROM accounts WHERE id = ?")) {
            select.setObject(1, id.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read account", e);
        }
    }

    @Override
    public void refuseTokensIssuedBefore(AccountId id, Instant instant) {
        // greatest(): the instant only moves forward, whatever order concurrent changes commit in
        update(
                "revoke access tokens",
                "tokens_valid_after = greatest(tokens_valid_after, ?)",
                "id = ?",
                Timestamp.from(instant),
                id.value());
    }

    @Override
    public Optional<Standing> standing(AccountId id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT email, admin, banned_until, ban_reason FROM accounts WHERE id = ?")) {
            select.setObject(1, id.value());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp bannedUntil = rows.getTimestamp(3);
                return Optional.of(new Standing(
                        new Email(rows.getString(1)),
                        rows.getBoolean(2),
                        bannedUntil == null
                                ? Optional.empty()
                                : Optional.of(new Ban(bannedUntil.toInstant(), rows.getString(4)))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read account", e);
        }
    }

    @Override
    public boolean flagAdmin(Email email, boolean admin) {
        return update("update account", "admin = ?", "lower(email) = ?", admin, email.value()) > 0;
    }

    @Override
    public boolean ban(AccountId id, Ban ban) {
        return update(
                        "ban account",
                        "banned_until = ?, ban_reason = ?",
                        "id = ?",
                        Timestamp.from(ban.until()),
                        ban.reason(),
                        id.value())
                > 0;
    }

    @Override
    public void changePasswordHash(AccountId id, String passwordHash) {
        update("update password hash", "password_hash = ?", "id = ?", passwordHash, id.value());
    }

    /**
     * {@code UPDATE accounts SET assignments, updated_at = now() WHERE where}, its {@code ?}s bound to
     * {@code parameters} in order (both SQL fragments are constants of this class).
     *
     * @return how many accounts changed
     */
    private int update(String what, String assignments, String where, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE accounts SET " + assignments + ", updated_at = now() WHERE " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what, e);
        }
    }
}
