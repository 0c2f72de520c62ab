package dev.meridian.world.persistence;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.world.engine.CrossingWrite;
import dev.meridian.world.engine.PositionStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The write-behind, flushed by hand, and its thread's batch gap. */
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

        /** Refuses crossings out of zone {@code lost}, as the fenced store does once this node lost that zone. */
        String lost = "";

        @Override
        public boolean saveCrossing(CharacterPosition position, String fromZone) throws SQLException {
            if (down) {
                throw new SQLException("connection refused");
            }
            if (fromZone.equals(lost)) {
                return false;
            }
            written.add(position);
            return true;
        }
    }

    /** Each write as it happens, a crossing as a batch of its own: what the writer thread hands on, and when. */
    private static final class BatchingStore implements PositionStore {
        final BlockingQueue<List<CharacterPosition>> batches = new LinkedBlockingQueue<>();

        @Override
        public void save(Collection<CharacterPosition> positions) {
            batches.add(List.copyOf(positions));
        }

        @Override
        public boolean saveCrossing(CharacterPosition position, String fromZone) {
            batches.add(List.of(position));
            return true;
        }
    }

    private final CharacterPosition atThePortal = new CharacterPosition(alice, "starter", 990, 500);
    private final CharacterPosition inForest = new CharacterPosition(alice, "forest", 40, 400);

    @Test
    void aCrossingIsWrittenAfterTheOlderPositionsAndOnlyThenSaysSo() {
        FlakyStore store = new FlakyStore();
        PositionWriteBehind writeBehind = new PositionWriteBehind(store, () -> {});
        CharacterId bob = CharacterId.random();
        writeBehind.save(
                List.of(new CharacterPosition(alice, "starter", 1, 1), new CharacterPosition(bob, "starter", 5, 5)));
        CompletableFuture<CrossingWrite> written =
                writeBehind.saveCrossing(atThePortal, inForest).toCompletableFuture();
        assertThat(
                "a re-join goes where the crossing leads",
                writeBehind.unwritten(alice).orElseThrow().zone(),
                is("forest"));
        assertThat("not written, not told", written.isDone(), is(false));
        assertThat(writeBehind.flush(), is(true));
        assertThat(written.getNow(null), is(CrossingWrite.WRITTEN));
        assertThat(
                "alice's older position is never written after (or instead of) the crossing",
                store.written,
                is(List.of(new CharacterPosition(bob, "starter", 5, 5), inForest)));
    }

    /**
     * The player is not kept waiting for Postgres: the crossing is given up at the first failed write, and the position
     * where it stood before the portal is what gets written once Postgres is back. Meanwhile the zones ask {@code
     * failing()} and hold players back at such portals.
     */
    @Test
    void aCrossingIsGivenUpAtTheFirstFailedWriteAndThePositionBeforeThePortalIsKeptInstead() {
        FlakyStore store = new FlakyStore();
        PositionWriteBehind writeBehind = new PositionWriteBehind(store, () -> {});
        assertThat(writeBehind.failing(), is(false));
        CompletableFuture<CrossingWrite> written =
                writeBehind.saveCrossing(atThePortal, inForest).toCompletableFuture();
        store.down = true;
        assertThat(writeBehind.flush(), is(false));
        assertThat("told at once, not after the backoff", written.getNow(null), is(CrossingWrite.FAILED));
        assertThat(writeBehind.failing(), is(true));
        assertThat("a re-join starts before the portal", writeBehind.unwritten(alice), is(Optional.of(atThePortal)));
        store.down = false;
        assertThat(writeBehind.flush(), is(true));
        assertThat(writeBehind.failing(), is(false));
        assertThat(store.written, is(List.of(atThePortal)));
    }

    @Test
    void aCrossingOutOfAZoneThisNodeLostIsRefusedOrDroppedAndSaysSo() {
        FlakyStore store = new FlakyStore();
        PositionWriteBehind writeBehind = new PositionWriteBehind(store, () -> {});
        store.lost = "starter";
        CompletableFuture<CrossingWrite> refused =
                writeBehind.saveCrossing(atThePortal, inForest).toCompletableFuture();
        assertThat(writeBehind.flush(), is(true));
        assertThat(refused.getNow(null), is(CrossingWrite.REFUSED));
        CompletableFuture<CrossingWrite> dropped = writeBehind
                .saveCrossing(new CharacterPosition(alice, "caves", 200, 20), inForest)
                .toCompletableFuture();
        writeBehind.discard("caves");
        assertThat(dropped.getNow(null), is(CrossingWrite.REFUSED));
        assertThat(writeBehind.pendingCount(), is(0));
        assertThat(store.written, is(List.of()));
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

    @Test
    void theWriterGathersPositionsOverItsBatchGapAndACrossingCutsTheGapShort() throws Exception {
        BatchingStore store = new BatchingStore();
        BlockingQueue<List<CharacterPosition>> batches = store.batches;
        // only the crossing can end the gap
        PositionWriteBehind writeBehind = pastItsFirstBatch(store);
        try {
            CharacterId bob = CharacterId.random();
            writeBehind.save(List.of(new CharacterPosition(bob, "starter", 5, 5)));
            writeBehind.save(List.of(new CharacterPosition(bob, "starter", 6, 6)));
            assertThat("held for the gap", batches.poll(300, TimeUnit.MILLISECONDS), is(nullValue()));
            writeBehind.saveCrossing(
                    new CharacterPosition(alice, "starter", 1, 1), new CharacterPosition(alice, "forest", 40, 400));
            assertThat(
                    "the crossing does not wait: what was gathered goes first, the newest of bob's only",
                    batches.poll(30, TimeUnit.SECONDS),
                    is(List.of(new CharacterPosition(bob, "starter", 6, 6))));
            assertThat(
                    batches.poll(30, TimeUnit.SECONDS), is(List.of(new CharacterPosition(alice, "forest", 40, 400))));
        } finally {
            writeBehind.stop();
        }
    }

    @Test
    void aPlayerThatLeftIsWrittenWithoutWaitingForTheGap() throws Exception {
        BatchingStore store = new BatchingStore();
        BlockingQueue<List<CharacterPosition>> batches = store.batches;
        // only the leave can end the gap
        PositionWriteBehind writeBehind = pastItsFirstBatch(store);
        try {
            CharacterId bob = CharacterId.random();
            writeBehind.save(List.of(new CharacterPosition(alice, "starter", 2, 2)));
            assertThat("held for the gap", batches.poll(300, TimeUnit.MILLISECONDS), is(nullValue()));
            writeBehind.saveLeaving(new CharacterPosition(bob, "starter", 7, 7));
            List<CharacterPosition> batch = batches.poll(30, TimeUnit.SECONDS);
            assertThat("the leave did not wait for the hour", batch == null, is(false));
            assertThat(
                    "what was gathered goes with it",
                    Set.copyOf(batch),
                    is(Set.of(
                            new CharacterPosition(alice, "starter", 2, 2),
                            new CharacterPosition(bob, "starter", 7, 7))));
            writeBehind.save(List.of(new CharacterPosition(alice, "starter", 3, 3)));
            assertThat("and the gap holds again after it", batches.poll(300, TimeUnit.MILLISECONDS), is(nullValue()));
        } finally {
            writeBehind.stop();
        }
    }

    /** A started writer whose batch gap (an hour) no test run reaches, past its first batch, which leaves at once. */
    private PositionWriteBehind pastItsFirstBatch(BatchingStore store) throws InterruptedException {
        PositionWriteBehind writeBehind = new PositionWriteBehind(store, () -> {}, Duration.ofHours(1)).start();
        writeBehind.save(List.of(new CharacterPosition(alice, "starter", 1, 1)));
        assertThat(
                "the first batch leaves at once",
                store.batches.poll(30, TimeUnit.SECONDS),
                is(List.of(new CharacterPosition(alice, "starter", 1, 1))));
        return writeBehind;
    }

    @Test
    void theBatchGapIsAFifthOfThePersistIntervalAndAtMostASecond() {
        assertThat(PositionWriteBehind.batchGapFor(Duration.ofSeconds(5)), is(Duration.ofSeconds(1)));
        assertThat(PositionWriteBehind.batchGapFor(Duration.ofSeconds(1)), is(Duration.ofMillis(200)));
        assertThat(PositionWriteBehind.batchGapFor(Duration.ofSeconds(60)), is(Duration.ofSeconds(1)));
    }
}
