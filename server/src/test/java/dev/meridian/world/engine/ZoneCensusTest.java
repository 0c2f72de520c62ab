package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the admin console asks of a zone: where everyone stands, the recent ticks' p99, a slow tick's breakdown. */
class ZoneCensusTest {
    private static final ZoneSettings SMALL =
            new ZoneSettings("test", 100, 100, 10, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1));

    private static Zone zone() {
        return new Zone(SMALL, positions -> {}, ZoneEvents.none());
    }

    @Test
    void aCensusIsAnsweredAtTheNextTickWithEveryPlayersPosition() throws Exception {
        Zone zone = zone();
        PlayerCharacter ayla = new PlayerCharacter(CharacterId.random(), AccountId.random(), "ayla", "test", 12.5, 40);
        zone.submit(new Command.Join(new RecordingViewer(), ayla));
        zone.tick();

        CompletableFuture<List<Placement>> census = zone.census();
        assertThat("the tick thread answers, not the caller's", census.isDone(), is(false));
        assertThat("a census waiting is work for the next tick", zone.restUntilWork(Long.MAX_VALUE), is(false));
        zone.tick();
        assertThat(census.get(), is(List.of(new Placement(ayla.id(), "ayla", 12.5, 40.0))));
    }

    @Test
    void anEmptyZoneDoesNotRestWhileACensusWaits() {
        Zone zone = zone();
        CompletableFuture<List<Placement>> census = zone.census();
        assertThat(zone.restUntilWork(Long.MAX_VALUE), is(false));
        zone.tick();
        assertThat(census.join(), is(List.of()));
    }

    @Test
    void theP99IsOfTheRecentTicksOnly() {
        TickTimes times = new TickTimes();
        assertThat(times.p99Nanos(), is(OptionalLong.empty()));
        for (int i = 1; i <= 100; i++) {
            times.record(i);
        }
        assertThat(times.p99Nanos(), is(OptionalLong.of(99)));
        for (int i = 0; i < TickTimes.SIZE; i++) {
            times.record(7);
        }
        assertThat("older ticks have left the window", times.p99Nanos(), is(OptionalLong.of(7)));
    }

    @Test
    void aTicksBreakdownNamesItsPhasesInMilliseconds() {
        Zone zone = zone();
        zone.submit(new Command.Join(
                new RecordingViewer(),
                new PlayerCharacter(CharacterId.random(), AccountId.random(), "bram", "test", 1, 1)));
        zone.tick();
        String line = zone.lastTick().describe();
        assertThat(line, containsString("tick=1 players=1 commands=1 commands_ms="));
        for (String phase : List.of("move_ms=", "views_ms=", "persist_ms=")) {
            assertThat(line, containsString(phase));
        }
    }
}
