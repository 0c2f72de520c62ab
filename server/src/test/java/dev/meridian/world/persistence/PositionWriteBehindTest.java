package dev.meridian.world.persistence;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.world.engine.PositionStore;
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
        assertThat(writeBehind.flush(), is(false));
        assertThat(writeBehind.flush(), is(false));
        assertThat(writeBehind.pendingCount(), is(1));
        assertThat("each failed write is counted", failures.get(), is(2));
        writeBehind.save(List.of(new CharacterPosition(alice, "starter", 2, 2)));
        assertThat(
                "a re-join starts from the newest",
                writeBehind.unwritten(alice).orElseThrow().x(),
                is(2.0));
        store.down = false;
        assertThat(writeBehind.flush(), is(true));
        assertThat(store.written, is(List.of(new CharacterPosition(alice, "starter", 2, 2))));
        assertThat(writeBehind.unwritten(alice).isEmpty(), is(true));
    }
}
