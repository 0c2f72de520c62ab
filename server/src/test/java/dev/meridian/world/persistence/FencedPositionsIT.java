package dev.meridian.world.persistence;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.meridian.character.adapters.PgCharacters;
import dev.meridian.character.app.CharacterListCache;
import dev.meridian.character.app.CharacterPositions;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.testing.LogRecords;
import dev.meridian.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing against real Postgres (migrations/V7): a position written under an older lease epoch than the zone's fence is
 * refused, counted and logged, and the row keeps the newer owner's position; the current epoch's write lands.
 */
class FencedPositionsIT {
    private static TestServer server;
    private static CharacterPositions characters;

    private final Map<String, Integer> refused = new ConcurrentHashMap<>();
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private String zone;
    private CharacterId character;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        DataSource database = server.meridian().platform().database().dataSource();
        characters = new CharacterPositions(new PgCharacters(database), CharacterListCache.none());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void aCharacterInItsOwnZone() throws SQLException {
        zone = "fenced-" + UUID.randomUUID();
        character = new CharacterId(UUID.randomUUID());
        UUID account = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO accounts (id, email, password_hash) VALUES (?, ?, 'x')")) {
                insert.setObject(1, account);
                insert.setString(2, account + "@example.test");
                insert.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO characters (id, account_id, name, class,"
                    + " zone, x, y) VALUES (?, ?, ?, 'mage', ?, 1, 1)")) {
                insert.setObject(1, character.value());
                insert.setObject(2, account);
                insert.setString(3, "F" + account.toString().substring(0, 8));
                insert.setString(4, zone);
                insert.executeUpdate();
            }
        }
    }

    @Test
    void aWriteUnderAnOlderEpochIsRefusedCountedAndLoggedAndTheNewerOwnersRowStays() throws SQLException {
        assertThat(characters.fence(zone, 10), is(true));
        held.put(zone, 10L);
        FencedPositionStore oldOwner = store();
        oldOwner.save(List.of(position(2, 2)));
        assertThat(row(), is(List.of(2.0, 2.0, 10.0)));

        // a newer owner takes the zone (fencing it) and writes; the old owner, paused meanwhile, still thinks it holds
        // 10
        assertThat(characters.fence(zone, 20), is(true));
        Map<String, Long> newer = Map.of(zone, 20L);
        new FencedPositionStore(characters, z -> OptionalLong.of(newer.get(z)), (reason, n) -> {})
                .save(List.of(position(30, 30)));
        try (LogRecords logs = LogRecords.capture()) {
            oldOwner.save(List.of(position(5, 5)));
            assertThat(
                    logs.describe(),
                    logs.count("event=position_writes_refused reason=stale_epoch positions=1"),
                    is(1L));
        }
        assertThat(refused, is(Map.of("stale_epoch", 1)));
        assertThat(row(), is(List.of(30.0, 30.0, 20.0)));
    }

    @Test
    void aFenceNeverMovesBackAndTheSameEpochAgainIsNoError() {
        assertThat(characters.fence(zone, 20), is(true));
        assertThat(characters.fence(zone, 20), is(true));
        assertThat(characters.fence(zone, 15), is(false));
    }

    @Test
    void aZoneThisNodeDoesNotHoldIsNotWrittenAtAll() throws SQLException {
        assertThat(characters.fence(zone, 7), is(true));
        store().save(List.of(position(9, 9)));
        assertThat(refused, is(Map.of("not_owned", 1)));
        assertThat(row(), is(List.of(1.0, 1.0, 0.0)));
    }

    @Test
    void aCrossingIntoAZoneOfAnotherNodeIsFencedByTheZoneItLeaves() throws SQLException {
        String next = zone + "-next";
        assertThat(characters.fence(zone, 10), is(true));
        // the zone it goes to is fenced far ahead by its own owner: that fence does not decide this write
        assertThat(characters.fence(next, 99), is(true));
        held.put(zone, 10L);
        assertThat(store().saveCrossing(new CharacterPosition(character, next, 40, 400), zone), is(true));
        assertThat(row(), is(List.of(40.0, 400.0, 10.0)));
        assertThat(zoneOfRow(), is(next));

        assertThat(characters.fence(zone, 11), is(true));
        assertThat(
                "a newer owner fenced the zone it leaves",
                store().saveCrossing(new CharacterPosition(character, next, 7, 7), zone),
                is(false));
        held.remove(zone);
        assertThat(
                "this node no longer holds the zone it leaves",
                store().saveCrossing(new CharacterPosition(character, next, 8, 8), zone),
                is(false));
        assertThat(refused, is(Map.of("stale_epoch", 1, "not_owned", 1)));
        assertThat(row(), is(List.of(40.0, 400.0, 10.0)));
    }

    private String zoneOfRow() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                PreparedStatement select = c.prepareStatement("SELECT zone FROM characters WHERE id = ?")) {
            select.setObject(1, character.value());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private FencedPositionStore store() {
        return new FencedPositionStore(
                characters,
                z -> held.containsKey(z) ? OptionalLong.of(held.get(z)) : OptionalLong.empty(),
                (reason, n) -> refused.merge(reason, n, Integer::sum));
    }

    private CharacterPosition position(double x, double y) {
        return new CharacterPosition(character, zone, x, y);
    }

    /** x, y and the epoch that wrote them. */
    private List<Double> row() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                PreparedStatement select =
                        c.prepareStatement("SELECT x, y, position_epoch FROM characters WHERE id = ?")) {
            select.setObject(1, character.value());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return List.of(rows.getDouble(1), rows.getDouble(2), (double) rows.getLong(3));
            }
        }
    }
}
