package dev.meridian.character.adapters;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.app.CharacterLimitException;
import dev.meridian.character.app.Characters;
import dev.meridian.character.app.FencedSave;
import dev.meridian.character.app.NameTakenException;
import dev.meridian.character.app.OwnerGoneException;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterClass;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.character.domain.FencedPosition;
import dev.meridian.platform.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** Characters in Postgres (migrations/V3__characters.sql): the one code that reads and writes that table. */
public final class PgCharacters implements Characters {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    /** One UPDATE over unnested arrays: one round trip however many players moved. */
    private static final String SAVE_POSITIONS = """
            UPDATE characters AS c SET zone = v.zone, x = v.x, y = v.y, updated_at = now()
            FROM unnest(?::uuid[], ?::text[], ?::float8[], ?::float8[]) AS v(id, zone, x, y)
            WHERE c.id = v.id
            RETURNING c.account_id
            """;

    /** Fenced saves write the epoch too; the fences were checked under a share lock in the same transaction. */
    private static final String SAVE_FENCED_POSITIONS = """
            UPDATE characters AS c SET zone = v.zone, x = v.x, y = v.y, position_epoch = v.epoch, updated_at = now()
            FROM unnest(?::uuid[], ?::text[], ?::float8[], ?::float8[], ?::int8[]) AS v(id, zone, x, y, epoch)
            WHERE c.id = v.id
            RETURNING c.account_id
            """;
    /**
     * FOR SHARE: a fence cannot advance between this read and the save's commit, and a save waits for an advance
     * that is under way, then reads the new epoch (READ COMMITTED re-reads a row locked by a committed update).
     */
    private static final String READ_FENCES = "SELECT zone, epoch FROM zone_fences WHERE zone = ANY(?) FOR SHARE";
    /** A fence only moves forward; the same epoch again (a retry) is not an error. */
    private static final String ADVANCE_FENCE = """
            INSERT INTO zone_fences (zone, epoch) VALUES (?, ?)
            ON CONFLICT (zone) DO UPDATE SET epoch = excluded.epoch, fenced_at = now()
            WHERE zone_fences.epoch <= excluded.epoch
            """;

    private static final String COLUMNS = "id, account_id, name, class, level, zone, x, y, created_at, updated_at";

    private final DataSource dataSource;

    public PgCharacters(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Character> ofAccount(AccountId account) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM characters WHERE account_id = ? ORDER BY created_at, id")) {
            select.setObject(1, account.value());
            try (ResultSet rows = select.executeQuery()) {
                List<Character> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(character(rows));
                }
                return List.copyOf(result);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list characters", e);
        }
    }

    @Override
    public Optional<Character> byId(CharacterId id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM characters WHERE id = ?")) {
            select.setObject(1, id.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(character(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read character", e);
        }
    }

    @Override
    public void add(Character character, int limit) {
        try {
            Transactions.inTransaction(dataSource, c -> {
                lockCreates(c, character.accountId());
                if (count(c, character.accountId()) >= limit) {
                    throw new CharacterLimitException(limit);
                }
                insert(c, character);
                return null;
            });
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new NameTakenException();
            }
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                // a valid token for an account that has since been deleted
                throw new OwnerGoneException();
            }
            throw new IllegalStateException("cannot insert character", e);
        }
    }

    @Override
    public boolean delete(CharacterId id, AccountId owner) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete =
                        c.prepareStatement("DELETE FROM characters WHERE id = ? AND account_id = ?")) {
            delete.setObject(1, id.value());
            delete.setObject(2, owner.value());
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete character", e);
        }
    }

    @Override
    public Optional<Character> rename(CharacterId id, AccountId owner, CharacterName name, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE characters SET name = ?, updated_at = ?"
                        + " WHERE id = ? AND account_id = ? RETURNING " + COLUMNS)) {
            update.setString(1, name.value());
            update.setTimestamp(2, Timestamp.from(now));
            update.setObject(3, id.value());
            update.setObject(4, owner.value());
            try (ResultSet rows = update.executeQuery()) {
                return rows.next() ? Optional.of(character(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new NameTakenException();
            }
            throw new IllegalStateException("cannot rename character", e);
        }
    }

    @Override
    public Set<AccountId> savePositions(Collection<CharacterPosition> positions) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(SAVE_POSITIONS)) {
            bindPositions(c, update, positions);
            return owners(update);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save " + positions.size() + " positions", e);
        }
    }

    @Override
    public boolean fenceZone(String zone, long epoch) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement advance = c.prepareStatement(ADVANCE_FENCE)) {
            advance.setString(1, zone);
            advance.setLong(2, epoch);
            return advance.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fence zone " + zone, e);
        }
    }

    @Override
    public FencedSave saveFencedPositions(Collection<FencedPosition> positions) {
        try {
            return Transactions.inTransaction(dataSource, c -> {
                boundIdleTransaction(c);
                Map<String, Long> fences = fences(c, positions);
                List<CharacterPosition> accepted = new ArrayList<>();
                List<Long> epochs = new ArrayList<>();
                List<FencedPosition> refused = new ArrayList<>();
                for (FencedPosition fenced : positions) {
                    if (fences.getOrDefault(fenced.fencedBy(), 0L) == fenced.epoch()) {
                        accepted.add(fenced.position());
                        epochs.add(fenced.epoch());
                    } else {
                        refused.add(fenced);
                    }
                }
                Set<AccountId> owners = Set.of();
                if (!accepted.isEmpty()) {
                    try (PreparedStatement update = c.prepareStatement(SAVE_FENCED_POSITIONS)) {
                        bindPositions(c, update, accepted);
                        update.setArray(5, c.createArrayOf("int8", epochs.toArray()));
                        owners = owners(update);
                    }
                }
                return new FencedSave(owners, refused);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save " + positions.size() + " fenced positions", e);
        }
    }

    /**
     * A node frozen (SIGSTOP, a long pause) between the fence read and the commit would hold the fence rows' share lock
     * for as long as it is frozen, and the zone's next owner could not advance the fence to take over: Postgres ends
     * such a transaction after a moment instead. A healthy save is idle for a round trip at most.
     */
    private static void boundIdleTransaction(Connection c) throws SQLException {
        try (var set = c.createStatement()) {
            set.execute("SET LOCAL idle_in_transaction_session_timeout = '2s'");
        }
    }

    private static Map<String, Long> fences(Connection c, Collection<FencedPosition> positions) throws SQLException {
        Object[] zones =
                positions.stream().map(FencedPosition::fencedBy).distinct().toArray();
        try (PreparedStatement select = c.prepareStatement(READ_FENCES)) {
            select.setArray(1, c.createArrayOf("text", zones));
            Map<String, Long> fences = new HashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    fences.put(rows.getString(1), rows.getLong(2));
                }
            }
            return fences;
        }
    }

    /** Binds the first four parameters: ids, zones, xs and ys as arrays, in the positions' order. */
    private static void bindPositions(Connection c, PreparedStatement update, Collection<CharacterPosition> positions)
            throws SQLException {
        UUID[] ids = new UUID[positions.size()];
        String[] zones = new String[positions.size()];
        Double[] xs = new Double[positions.size()];
        Double[] ys = new Double[positions.size()];
        int i = 0;
        for (CharacterPosition position : positions) {
            ids[i] = position.character().value();
            zones[i] = position.zone();
            xs[i] = position.x();
            ys[i] = position.y();
            i++;
        }
        update.setArray(1, c.createArrayOf("uuid", ids));
        update.setArray(2, c.createArrayOf("text", zones));
        update.setArray(3, c.createArrayOf("float8", xs));
        update.setArray(4, c.createArrayOf("float8", ys));
    }

    private static Set<AccountId> owners(PreparedStatement update) throws SQLException {
        Set<AccountId> owners = new HashSet<>();
        try (ResultSet rows = update.executeQuery()) {
            while (rows.next()) {
                owners.add(new AccountId(rows.getObject(1, UUID.class)));
            }
        }
        return owners;
    }

    /**
     * Serialises creates per account, so that the count below stays true until the insert commits. An advisory lock
     * keyed by the account rather than a lock on its row: the accounts table belongs to the account module.
     */
    private static void lockCreates(Connection c, AccountId account) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            UUID id = account.value();
            lock.setLong(1, id.getMostSignificantBits() ^ id.getLeastSignificantBits());
            lock.execute();
        }
    }

    private static int count(Connection c, AccountId account) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM characters WHERE account_id = ?")) {
            count.setObject(1, account.value());
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void insert(Connection c, Character ch) throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO characters (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, ch.id().value());
            insert.setObject(2, ch.accountId().value());
            insert.setString(3, ch.name().value());
            insert.setString(4, ch.characterClass().wireName());
            insert.setInt(5, ch.level());
            insert.setString(6, ch.zone());
            insert.setDouble(7, ch.x());
            insert.setDouble(8, ch.y());
            insert.setTimestamp(9, Timestamp.from(ch.createdAt()));
            insert.setTimestamp(10, Timestamp.from(ch.updatedAt()));
            insert.executeUpdate();
        }
    }

    private static Character character(ResultSet row) throws SQLException {
        return new Character(
                new CharacterId(row.getObject(1, UUID.class)),
                new AccountId(row.getObject(2, UUID.class)),
                new CharacterName(row.getString(3)),
                CharacterClass.valueOf(row.getString(4).toUpperCase(Locale.ROOT)),
                row.getInt(5),
                row.getString(6),
                row.getDouble(7),
                row.getDouble(8),
                row.getTimestamp(9).toInstant(),
                row.getTimestamp(10).toInstant());
    }
}
