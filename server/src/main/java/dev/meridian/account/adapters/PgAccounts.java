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
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE accounts SET tokens_valid_after = greatest(tokens_valid_after, ?), updated_at = now()"
                                + " WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(instant));
            update.setObject(2, id.value());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke access tokens", e);
        }
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE accounts SET admin = ?, updated_at = now() WHERE lower(email) = ?")) {
            update.setBoolean(1, admin);
            update.setString(2, email.value());
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update account", e);
        }
    }

    @Override
    public boolean ban(AccountId id, Ban ban) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE accounts SET banned_until = ?, ban_reason = ?, updated_at = now() WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(ban.until()));
            update.setString(2, ban.reason());
            update.setObject(3, id.value());
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ban account", e);
        }
    }

    @Override
    public void changePasswordHash(AccountId id, String passwordHash) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update =
                        c.prepareStatement("UPDATE accounts SET password_hash = ?, updated_at = now() WHERE id = ?")) {
            update.setString(1, passwordHash);
            update.setObject(2, id.value());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update password hash", e);
        }
    }
}
