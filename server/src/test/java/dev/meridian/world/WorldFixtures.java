package dev.meridian.world;

import dev.meridian.account.domain.AccountId;
import dev.meridian.testing.TestServer;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** Accounts and characters written straight into a test server's database, and tokens for them. */
public final class WorldFixtures {
    private final TestServer server;

    public WorldFixtures(TestServer server) {
        this.server = server;
    }

    public record Player(AccountId account, UUID character, String name, String token) {}

    /** The server's WebSocket endpoint with {@code token} in the query (none when null). */
    public URI ws(String token) {
        return URI.create(
                "ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws" + (token == null ? "" : "?token=" + token));
    }

    public Player player(String name, double x, double y) {
        AccountId account = AccountId.random();
        UUID character = UUID.randomUUID();
        try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var insertAccount = connection.prepareStatement(
                        "INSERT INTO accounts (id, email, password_hash) VALUES (?, ?, 'not-a-hash')");
                var insertCharacter = connection.prepareStatement(
                        "INSERT INTO characters (id, account_id, name, class, zone, x, y) VALUES (?, ?, ?, 'mage', 'starter', ?, ?)")) {
            insertAccount.setObject(1, account.value());
            insertAccount.setString(2, name + "-" + account + "@example.test");
            insertAccount.executeUpdate();
            insertCharacter.setObject(1, character);
            insertCharacter.setObject(2, account.value());
            insertCharacter.setString(3, name);
            insertCharacter.setDouble(4, x);
            insertCharacter.setDouble(5, y);
            insertCharacter.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Player(
                account, character, name, server.tokens().issue(account).token());
    }

    /** A character's row as stored: its zone and position in world units. */
    public record Stored(String zone, double x, double y) {}

    public Stored stored(UUID character) {
        try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var select = connection.prepareStatement("SELECT zone, x, y FROM characters WHERE id = ?")) {
            select.setObject(1, character);
            try (var row = select.executeQuery()) {
                row.next();
                return new Stored(row.getString(1), row.getDouble(2), row.getDouble(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored position of a character: {x, y} in world units. */
    public double[] storedPosition(UUID character) {
        try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var select = connection.prepareStatement("SELECT x, y FROM characters WHERE id = ?")) {
            select.setObject(1, character);
            try (var row = select.executeQuery()) {
                row.next();
                return new double[] {row.getDouble(1), row.getDouble(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
