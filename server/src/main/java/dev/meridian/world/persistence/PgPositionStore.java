package dev.meridian.world.persistence;

import dev.meridian.world.domain.StoredPosition;
import dev.meridian.world.engine.PositionStore;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;

/** Writes a batch of positions with one UPDATE over unnested arrays: one round trip however many players moved. */
public final class PgPositionStore implements PositionStore {
    private static final String UPDATE = """
            UPDATE characters AS c SET zone = v.zone, x = v.x, y = v.y, updated_at = now()
            FROM unnest(?::uuid[], ?::text[], ?::float8[], ?::float8[]) AS v(id, zone, x, y)
            WHERE c.id = v.id
            """;

    private final DataSource dataSource;

    public PgPositionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void save(Collection<StoredPosition> positions) throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        UUID[] ids = new UUID[positions.size()];
        String[] zones = new String[positions.size()];
        Double[] xs = new Double[positions.size()];
        Double[] ys = new Double[positions.size()];
        int i = 0;
        for (StoredPosition position : positions) {
            ids[i] = position.character().value();
            zones[i] = position.zone();
            xs[i] = position.x();
            ys[i] = position.y();
            i++;
        }
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(UPDATE)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            statement.setArray(2, connection.createArrayOf("text", zones));
            statement.setArray(3, connection.createArrayOf("float8", xs));
            statement.setArray(4, connection.createArrayOf("float8", ys));
            statement.executeUpdate();
        }
    }
}
