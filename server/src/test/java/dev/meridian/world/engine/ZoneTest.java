package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.world.domain.PlayerCharacter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The engine ticked by hand: no threads, no clock, no sleeps. */
class ZoneTest {
    /** 100 x 100 units, 10 Hz, 10 units/s (1 unit = 100 fixed steps per tick), view radius 10 (10 x 10 cells). */
    private static final ZoneSettings SMALL =
            new ZoneSettings("test", 100, 100, 10, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1));

    private final List<CharacterPosition> saved = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();
    private final PositionSink sink = positions -> saved.addAll(positions);

    private Zone zone() {
        return new Zone(SMALL, sink, events::add);
    }

    private static PlayerCharacter character(String name, double x, double y) {
        return new PlayerCharacter(CharacterId.random(), AccountId.random(), name, "test", x, y);
    }

    private static RecordingViewer join(Zone zone, PlayerCharacter character) {
        RecordingViewer viewer = new RecordingViewer();
        zone.submit(new Command.Join(viewer, character));
        return viewer;
    }

    @Test
    void onlyAnEmptyZoneWithoutCommandsRestsBetweenTicks() {
        Zone zone = zone();
        // nothing to do: it rests (here for at most a microsecond)
        assertTrue(zone.restUntilWork(1_000));
        join(zone, character("ayla", 10, 10));
        assertFalse(zone.restUntilWork(Long.MAX_VALUE), "a queued command is work for the next tick");
        zone.tick();
        assertFalse(zone.restUntilWork(Long.MAX_VALUE), "a zone with players ticks at its rate");
    }

    @Test
    void joinWelcomesAtTheSavedPositionInFixedPoint() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 12.34, 56.78));
        zone.tick();
        Welcome welcome = viewer.welcomes.getFirst();
        assertEquals(1234, welcome.x());
        assertEquals(5678, welcome.y());
        assertEquals(100, welcome.positionScale());
        assertEquals(1, viewer.fullUpdates);
        assertThat(viewer.view, hasKey(welcome.entityId()));
    }

    @Test
    void directionIsClampedToUnitLengthAndScaledBySpeedAndTick() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 50, 50));
        zone.tick();
        zone.submit(new Command.Move(viewer, 30, 40, 1));
        zone.tick();
        Entity entity = zone.entityOf(viewer);
        // (30, 40) has length 50 -> (0.6, 0.8) x 1 unit per tick
        assertEquals(5060, entity.x());
        assertEquals(5080, entity.y());
        zone.submit(new Command.Move(viewer, 0.5f, 0, 2));
        zone.tick();
        assertEquals(5110, entity.x());
    }

    @Test
    void aBurstOfMovesInOneTickCannotExceedTheSpeed() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 50, 50));
        zone.tick();
        for (int seq = 1; seq <= 50; seq++) {
            zone.submit(new Command.Move(viewer, 1, 0, seq));
        }
        zone.tick();
        assertEquals(5100, zone.entityOf(viewer).x());
        assertEquals(50, viewer.acks.getLast());
        zone.tick();
        assertEquals(5100, zone.entityOf(viewer).x(), "an intent lasts one tick");
    }

    @Test
    void positionsAreClampedToTheZone() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 0.5, 99.5));
        zone.tick();
        zone.submit(new Command.Move(viewer, -1, 1, 1));
        zone.tick();
        assertEquals(0, zone.entityOf(viewer).x());
        assertEquals(10_000, zone.entityOf(viewer).y());
        RecordingViewer outside = join(zone, character("bob", -50, 1e9));
        zone.tick();
        assertEquals(0, outside.welcomes.getFirst().x());
        assertEquals(10_000, outside.welcomes.getFirst().y());
    }

    @Test
    void nonFiniteDirectionsAreRejected() {
        RecordingViewer viewer = new RecordingViewer();
        assertThrows(IllegalArgumentException.class, () -> new Command.Move(viewer, Float.NaN, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Command.Move(viewer, 0, Float.POSITIVE_INFINITY, 1));
    }

    @Test
    void entitiesEnterAndLeaveTheViewAsTheyCrossItsEdge() {
        Zone zone = zone();
        RecordingViewer alice = join(zone, character("alice", 5, 5));
        RecordingViewer bob = join(zone, character("bob", 45, 5));
        zone.tick();
        int bobId = bob.welcomes.getFirst().entityId();
        assertThat(alice.view, not(hasKey(bobId)));
        for (int i = 0; i < 30; i++) {
            zone.submit(new Command.Move(bob, -1, 0, i));
            zone.tick();
        }
        assertThat(alice.view, hasKey(bobId));
        assertEquals(zone.visibleTo(alice).keySet(), alice.view.keySet());
        for (int i = 0; i < 30; i++) {
            zone.submit(new Command.Move(bob, 1, 0, i));
            zone.tick();
        }
        assertThat(alice.view, not(hasKey(bobId)));
    }

    @Test
    void aLeavingPlayerDisappearsFromViewsAndItsPositionIsSaved() {
        Zone zone = zone();
        RecordingViewer alice = join(zone, character("alice", 5, 5));
        PlayerCharacter bobCharacter = character("bob", 6, 6);
        RecordingViewer bob = join(zone, bobCharacter);
        zone.tick();
        assertEquals(2, alice.view.size());
        zone.submit(new Command.Leave(bob));
        zone.tick();
        assertEquals(1, alice.view.size());
        assertThat(saved.stream().map(CharacterPosition::character).toList(), contains(bobCharacter.id()));
        assertEquals(1, zone.population());
    }

    @Test
    void aSecondJoinTakesTheCharacterOverAndKeepsItsPosition() {
        Zone zone = zone();
        PlayerCharacter alice = character("alice", 5, 5);
        RecordingViewer first = join(zone, alice);
        zone.tick();
        zone.submit(new Command.Move(first, 1, 0, 1));
        zone.tick();
        RecordingViewer second = join(zone, alice);
        zone.tick();
        assertTrue(first.replaced);
        assertEquals(600, second.welcomes.getFirst().x());
        assertEquals(
                first.welcomes.getFirst().entityId(), second.welcomes.getFirst().entityId());
        assertEquals(1, second.fullUpdates);
        int firstUpdates = first.updates;
        zone.submit(new Command.Move(first, 1, 0, 2));
        zone.tick();
        assertEquals(firstUpdates, first.updates, "the replaced viewer hears nothing more");
        assertEquals(600, zone.entityOf(second).x(), "and its moves are ignored");
        assertEquals(1, zone.population());
    }

    @Test
    void aResumeTakesTheEntityBackWithAFullViewAndTheLastAckButNeverCreatesOne() {
        Zone zone = zone();
        PlayerCharacter alice = character("alice", 5, 5);
        RecordingViewer first = join(zone, alice);
        zone.tick();
        zone.submit(new Command.Move(first, 1, 0, 9));
        zone.tick();
        RecordingViewer second = new RecordingViewer();
        zone.submit(new Command.Resume(second, alice.id()));
        zone.tick();
        assertEquals(
                first.welcomes.getFirst().entityId(), second.welcomes.getFirst().entityId());
        assertEquals(600, second.welcomes.getFirst().x(), "where the entity stood");
        assertEquals(1, second.fullUpdates);
        assertEquals(List.of(9), second.acks, "the last applied move's seq, so the client's numbering goes on");
        assertEquals(1, zone.population());

        RecordingViewer stranger = new RecordingViewer();
        zone.submit(new Command.Resume(stranger, character("nobody", 1, 1).id()));
        zone.tick();
        assertTrue(stranger.resumeRefused);
        assertThat(stranger.welcomes, empty());
        assertEquals(1, zone.population(), "a resume never creates an entity");
    }

    @Test
    void dirtyPositionsAreHandedOnEveryPersistInterval() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 5, 5));
        zone.tick();
        zone.submit(new Command.Move(viewer, 1, 0, 1));
        for (int i = 0; i < 8; i++) {
            zone.tick();
        }
        assertThat("ticks 2..9", saved, empty());
        zone.tick();
        assertEquals(1, saved.size());
        assertEquals(6.0, saved.getFirst().x());
    }

    @Test
    void movedEventsAreSampledAtMostOncePerInterval() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 5, 5));
        zone.tick();
        for (int i = 0; i < 30; i++) {
            zone.submit(new Command.Move(viewer, 1, 0, i));
            zone.tick();
        }
        assertEquals(3, events.size(), "30 moving ticks at 10 Hz with a 1 s interval");
        assertThat(events.getFirst(), is(org.hamcrest.Matchers.instanceOf(PlayerMoved.class)));
    }

    @Test
    void aViewerThatLostASnapshotGetsAFullOneNext() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 5, 5));
        zone.tick();
        zone.tick();
        assertEquals(1, viewer.fullUpdates);
        viewer.wantsFull = true;
        zone.tick();
        assertEquals(2, viewer.fullUpdates);
    }

    @Test
    void deltasRebuildExactlyTheServersViewUnderRandomTraffic() {
        Zone zone = zone();
        Random random = new Random(42);
        List<RecordingViewer> viewers = new ArrayList<>();
        for (int tick = 0; tick < 600; tick++) {
            if (viewers.size() < 40 && random.nextInt(4) == 0) {
                viewers.add(join(zone, character("p" + tick, random.nextDouble() * 100, random.nextDouble() * 100)));
            }
            if (!viewers.isEmpty() && random.nextInt(10) == 0) {
                zone.submit(new Command.Leave(viewers.remove(random.nextInt(viewers.size()))));
            }
            for (RecordingViewer viewer : viewers) {
                if (random.nextInt(5) > 0) {
                    zone.submit(new Command.Move(viewer, random.nextFloat() * 2 - 1, random.nextFloat() * 2 - 1, tick));
                }
                if (random.nextInt(200) == 0) {
                    viewer.wantsFull = true;
                }
            }
            zone.tick();
            for (RecordingViewer viewer : viewers) {
                assertThat(viewer.problems, empty());
                assertEquals(asText(zone.visibleTo(viewer)), asText(viewer.view), "tick " + tick);
            }
        }
    }

    private static String asText(Map<Integer, int[]> view) {
        return view.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "@" + e.getValue()[0] + "," + e.getValue()[1])
                .collect(Collectors.joining(" "));
    }
}
