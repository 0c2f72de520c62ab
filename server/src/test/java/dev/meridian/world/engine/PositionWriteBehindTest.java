package dev.meridian.world.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The write-behind, flushed by hand (its thread is never started here). */
class PositionWriteBehindTest {
    private final CharacterId alice = CharacterId.random();

    /** A store that fails while {@code down} is set, like Postgres being away. */
    private static final class FlakyStore implements PositionStore {
        boolean down;
        final List<CharacterPosition> written = new ArrayList<>();

        @Override
        public void save(Collection<CharacterPosition> positions) throws SQLException {
            if (down) {
                throw new SQLException("connection refused");
            }
            written.addAll(positions);
        }
    }

    @Test
    void aFailedWriteKeepsThePositionsAndTheNextOneWritesTheNewest() {
        FlakyStore store = new FlakyStore();
        AtomicInteger failures = new AtomicInteger();
        PositionWriteBehind writeBehind = new PositionWriteBehind(store, failures::incrementAndGet);
        store.down = true;
        writeBehind.save(List.of(new CharacterPosition(alice, "starter", 1, 1)));
        assertFalse(writeBehind.flush());
        assertFalse(writeBehind.flush());
        assertEquals(1, writeBehind.pendingCount());
        assertEquals(2, failures.get(), "each failed write is counted");
        writeBehind.save(List.of(new CharacterPosition(alice, "starter", 2, 2)));
        assertEquals(2.0, writeBehind.unwritten(alice).orElseThrow().x(), "a re-join starts from the newest");
        store.down = false;
        assertTrue(writeBehind.flush());
        assertEquals(List.of(new CharacterPosition(alice, "starter", 2, 2)), store.written);
        assertTrue(writeBehind.unwritten(alice).isEmpty());
    }
}
