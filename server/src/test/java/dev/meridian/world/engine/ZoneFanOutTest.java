package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The moves and steps a zone runs on its fan-out threads (large enough a zone: {@link PendingMoves}, {@link Movement})
 * end every tick exactly where a single-threaded zone does, whatever the threads' timing.
 */
class ZoneFanOutTest {
    /** 100 x 100 units, 10 Hz, 10 units/s, view radius 10: a step is a tenth of a cell, so borders are crossed often. */
    private static final ZoneSettings SMALL =
            new ZoneSettings("fan", 100, 100, 10, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1));

    /** More than the fan-out's threshold for sharing a round out. */
    private static final int PLAYERS = 1_200;

    @Test
    void threeThreadsMoveEveryPlayerAsOneThreadDoesWithBurstsJoinsAndLeavesBetweenMoves() {
        try (FanOut three = FanOut.of(3, "fan")) {
            Zone single = new Zone(SMALL, positions -> {}, ZoneEvents.none());
            Zone fanned = new Zone(SMALL, positions -> {}, ZoneEvents.none(), three, ZoneLinks.alone());
            List<RecordingViewer> singleViewers = new ArrayList<>();
            List<RecordingViewer> fannedViewers = new ArrayList<>();
            List<PlayerCharacter> characters = new ArrayList<>();
            Random random = new Random(11);
            for (int i = 0; i < PLAYERS; i++) {
                characters.add(new PlayerCharacter(
                        CharacterId.random(),
                        AccountId.random(),
                        "p" + i,
                        "fan",
                        random.nextDouble() * 100,
                        random.nextDouble() * 100));
                singleViewers.add(new RecordingViewer());
                fannedViewers.add(new RecordingViewer());
            }
            int sent = 0;
            for (int tick = 1; tick <= 60; tick++) {
                // the same script for both zones: one generator seeded per tick
                sent += script(single, singleViewers, characters, new Random(tick), tick);
                script(fanned, fannedViewers, characters, new Random(tick), tick);
                single.tick();
                fanned.tick();
                assertThat("tick " + tick, placesOf(fanned, fannedViewers), is(placesOf(single, singleViewers)));
                for (int i = 0; i < PLAYERS; i++) {
                    RecordingViewer expected = singleViewers.get(i);
                    RecordingViewer actual = fannedViewers.get(i);
                    assertThat("tick " + tick + " player " + i, actual.acks, is(expected.acks));
                    assertThat(actual.problems, is(empty()));
                    if (fanned.entityOf(actual) != null) {
                        assertThat(views(actual.view), is(views(fanned.visibleTo(actual))));
                    }
                }
            }
            int drained = fannedViewers.stream().mapToInt(v -> v.drained.get()).sum();
            assertThat("every command counted once", drained, is(sent));
        }
    }

    /**
     * Every player joins at tick 1; afterwards each sends up to three moves a tick, and now and then one leaves and
     * comes back in the same tick with moves before and after, so some ticks mix moves with other commands.
     *
     * @return the commands the viewers sent
     */
    private static int script(
            Zone zone, List<RecordingViewer> viewers, List<PlayerCharacter> characters, Random random, int tick) {
        int sent = 0;
        for (int i = 0; i < viewers.size(); i++) {
            RecordingViewer viewer = viewers.get(i);
            if (tick == 1) {
                zone.submit(new Command.Join(viewer, characters.get(i)));
                sent++;
                continue;
            }
            int moves = random.nextInt(4);
            for (int m = 0; m < moves; m++) {
                zone.submit(new Command.Move(
                        viewer, random.nextFloat() * 2 - 1, random.nextFloat() * 2 - 1, tick * 10 + m));
                sent++;
            }
            if (random.nextInt(400) == 0) {
                zone.submit(new Command.Leave(viewer));
                zone.submit(new Command.Join(viewer, characters.get(i)));
                zone.submit(new Command.Move(viewer, 1, 0, tick * 10 + 9));
                sent += 3;
            }
        }
        return sent;
    }

    /** Player number to entity id and position, for the players in the zone. */
    private static Map<Integer, String> placesOf(Zone zone, List<RecordingViewer> viewers) {
        Map<Integer, String> places = new TreeMap<>();
        for (int i = 0; i < viewers.size(); i++) {
            Entity entity = zone.entityOf(viewers.get(i));
            if (entity != null) {
                places.put(i, entity.id() + "@" + entity.x() + "," + entity.y());
            }
        }
        return places;
    }

    private static Map<Integer, String> views(Map<Integer, int[]> view) {
        Map<Integer, String> text = new TreeMap<>();
        view.forEach((id, position) -> text.put(id, position[0] + "," + position[1]));
        return text;
    }
}
