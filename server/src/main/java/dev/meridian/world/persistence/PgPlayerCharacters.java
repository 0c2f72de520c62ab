package dev.meridian.world.persistence;

import dev.meridian.account.domain.AccountId;
import dev.meridian.world.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.engine.PlayerCharacters;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Characters as the world reads them, from the {@code characters} table. */
public final class PgPlayerCharacters implements PlayerCharacters {
    private static final String FIND = "SELECT account_id, name, zone, x, y FROM characters WHERE id = ?";

    private final DataSource dataSource;

    public PgPlayerCharacters(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<PlayerCharacter> find(CharacterId id) {
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(FIND)) {
            statement.setObject(1, id.value());
            try (var row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PlayerCharacter(
                        id,
                        new AccountId(row.getObject("account_id", UUID.class)),
                        row.getString("name"),
                        row.getString("zone"),
                        row.getDouble("x"),
                        row.getDouble("y")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading character " + id + " failed", e);
        }
    }
}
