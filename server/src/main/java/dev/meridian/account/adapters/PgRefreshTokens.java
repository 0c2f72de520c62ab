package dev.meridian.account.adapters;

import dev.meridian.account.app.RefreshTokens;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import dev.meridian.platform.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Refresh tokens in Postgres (migrations/V4__refresh_tokens.sql). A rotation locks the family's row, and revocations
 * update that row, so the two serialise: a token is never handed out in a family that a committed revocation ended.
 */
public final class PgRefreshTokens implements RefreshTokens {
    private static final String FIND = """
            SELECT t.family_id, f.account_id, t.expires_at, t.used_at, f.revoked_at
              FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
             WHERE t.token_hash = ?
               FOR UPDATE OF f, t""";

    private static final int PURGE_BATCH = 5_000;

    private final DataSource dataSource;

    public PgRefreshTokens(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void start(FamilyId family, AccountId account, NewToken first) {
        inTransaction("start a refresh family", c -> {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO refresh_families (id, account_id, created_at) VALUES (?, ?, ?)")) {
                insert.setObject(1, family.value());
                insert.setObject(2, account.value());
                insert.setTimestamp(3, Timestamp.from(first.createdAt()));
                insert.executeUpdate();
            }
            insertToken(c, family, first);
            return null;
        });
    }

    @Override
    public Rotation rotate(String presented, NewToken next) {
        return inTransaction("rotate a refresh token", c -> {
            try (PreparedStatement find = c.prepareStatement(FIND)) {
                find.setBytes(1, bytes(presented));
                try (ResultSet row = find.executeQuery()) {
                    if (!row.next()) {
                        return new Refused(Refusal.UNKNOWN, Optional.empty());
                    }
                    FamilyId family = new FamilyId(row.getObject(1, UUID.class));
                    AccountId account = new AccountId(row.getObject(2, UUID.class));
                    Instant expiresAt = row.getTimestamp(3).toInstant();
                    boolean used = row.getTimestamp(4) != null;
                    boolean revoked = row.getTimestamp(5) != null;
                    if (revoked) {
                        return new Refused(Refusal.REVOKED, Optional.of(account));
                    }
                    if (used) {
                        revokeFamily(c, family, RevocationReason.REUSE_DETECTED, next.createdAt());
                        return new Refused(Refusal.REUSED, Optional.of(account));
                    }
                    if (!next.createdAt().isBefore(expiresAt)) {
                        return new Refused(Refusal.EXPIRED, Optional.of(account));
                    }
                    try (PreparedStatement use =
                            c.prepareStatement("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?")) {
                        use.setTimestamp(1, Timestamp.from(next.createdAt()));
                        use.setBytes(2, bytes(presented));
                        use.executeUpdate();
                    }
                    insertToken(c, family, next);
                    return new Rotated(account, family);
                }
            }
        });
    }

    @Override
    public void revokeFamilyOf(String hash, RevocationReason reason, Instant now) {
        inTransaction("revoke a refresh family", c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE refresh_families SET revoked_at = ?, revoked_reason = ?
                     WHERE id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ?) AND revoked_at IS NULL""")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, reason.code());
                update.setBytes(3, bytes(hash));
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int revokeAll(AccountId account, Optional<FamilyId> keep, RevocationReason reason, Instant now) {
        return inTransaction("revoke refresh families", c -> {
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE refresh_families SET revoked_at = ?, revoked_reason = ?"
                            + " WHERE account_id = ? AND revoked_at IS NULL AND id <> ?")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, reason.code());
                update.setObject(3, account.value());
                // no family has the nil UUID: with nothing to keep, every family goes
                update.setObject(4, keep.map(FamilyId::value).orElse(new UUID(0, 0)));
                return update.executeUpdate();
            }
        });
    }

    @Override
    public Purged purge(Instant expiredBy, Instant revokedBy) {
        // in batches, each its own short transaction: a backlog never holds its locks for long
        int tokens = 0;
        int deleted;
        do {
            deleted = deleteBatch("purge expired refresh tokens", """
                    DELETE FROM refresh_tokens WHERE token_hash IN
                        (SELECT token_hash FROM refresh_tokens WHERE expires_at <= ? LIMIT ?)""", expiredBy);
            tokens += deleted;
        } while (deleted == PURGE_BATCH);
        int families = 0;
        do {
            // a revoked family's tokens go with it (ON DELETE CASCADE): they would only ever be refused
            deleted = deleteBatch("purge ended refresh families", """
                    DELETE FROM refresh_families WHERE id IN
                        (SELECT f.id FROM refresh_families f
                          WHERE f.revoked_at <= ?
                             OR NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = f.id)
                          LIMIT ?)""", revokedBy);
            families += deleted;
        } while (deleted == PURGE_BATCH);
        return new Purged(tokens, families);
    }

    private int deleteBatch(String what, String sql, Instant by) {
        return inTransaction(what, c -> {
            try (PreparedStatement delete = c.prepareStatement(sql)) {
                delete.setTimestamp(1, Timestamp.from(by));
                delete.setInt(2, PURGE_BATCH);
                return delete.executeUpdate();
            }
        });
    }

    private static void revokeFamily(Connection c, FamilyId family, RevocationReason reason, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE refresh_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, reason.code());
            update.setObject(3, family.value());
            update.executeUpdate();
        }
    }

    private static void insertToken(Connection c, FamilyId family, NewToken token) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO refresh_tokens (token_hash, family_id, created_at, expires_at, user_agent, ip)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setBytes(1, bytes(token.hash()));
            insert.setObject(2, family.value());
            insert.setTimestamp(3, Timestamp.from(token.createdAt()));
            insert.setTimestamp(4, Timestamp.from(token.expiresAt()));
            insert.setString(5, token.client().userAgent());
            insert.setString(6, token.client().ip());
            insert.executeUpdate();
        }
    }

    private static byte[] bytes(String hash) {
        return HexFormat.of().parseHex(hash);
    }

    private <T> T inTransaction(String what, Transactions.Work<T> work) {
        try {
            return Transactions.inTransaction(dataSource, work);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what, e);
        }
    }
}
