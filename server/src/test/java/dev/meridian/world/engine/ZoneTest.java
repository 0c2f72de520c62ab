package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertThat(zone.restUntilWork(1_000), is(true));
        join(zone, character("ayla", 10, 10));
        assertThat("a queued command is work for the next tick", zone.restUntilWork(Long.MAX_VALUE), is(false));
        zone.tick();
        assertThat("a zone with players ticks at its rate", zone.restUntilWork(Long.MAX_VALUE), is(false));
    }

    @Test
    void joinWelcomesAtTheSavedPositionInFixedPoint() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 12.34, 56.78));
        zone.tick();
        Welcome welcome = viewer.welcomes.getFirst();
        assertThat(welcome.x(), is(1234));
        assertThat(welcome.y(), is(5678));
        assertThat(welcome.positionScale(), is(100));
        assertThat(viewer.fullUpdates, is(1));
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
        assertThat(entity.x(), is(5060));
        assertThat(entity.y(), is(5080));
        zone.submit(new Command.Move(viewer, 0.5f, 0, 2));
        zone.tick();
        assertThat(entity.x(), is(5110));
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
        assertThat(zone.entityOf(viewer).x(), is(5100));
        assertThat(viewer.acks.getLast(), is(50));
        zone.tick();
        assertThat("an intent lasts one tick", zone.entityOf(viewer).x(), is(5100));
    }

    @Test
    void positionsAreClampedToTheZone() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 0.5, 99.5));
        zone.tick();
        zone.submit(new Command.Move(viewer, -1, 1, 1));
        zone.tick();
        assertThat(zone.entityOf(viewer).x(), is(0));
        assertThat(zone.entityOf(viewer).y(), is(10_000));
        RecordingViewer outside = join(zone, character("bob", -50, 1e9));
        zone.tick();
        assertThat(outside.welcomes.getFirst().x(), is(0));
        assertThat(outside.welcomes.getFirst().y(), is(10_000));
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
        assertThat(alice.view.keySet(), is(zone.visibleTo(alice).keySet()));
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
        assertThat(alice.view.size(), is(2));
        zone.submit(new Command.Leave(bob));
        zone.tick();
        assertThat(alice.view.size(), is(1));
        assertThat(saved.stream().map(CharacterPosition::character).toList(), contains(bobCharacter.id()));
        assertThat(zone.population(), is(1));
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
        assertThat(first.replaced, is(true));
        assertThat(second.welcomes.getFirst().x(), is(600));
        assertThat(
                second.welcomes.getFirst().entityId(),
                is(first.welcomes.getFirst().entityId()));
        assertThat(second.fullUpdates, is(1));
        int firstUpdates = first.updates;
        zone.submit(new Command.Move(first, 1, 0, 2));
        zone.tick();
        assertThat("the replaced viewer hears nothing more", first.updates, is(firstUpdates));
        assertThat("and its moves are ignored", zone.entityOf(second).x(), is(600));
        assertThat(zone.population(), is(1));
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
        assertThat(
                second.welcomes.getFirst().entityId(),
                is(first.welcomes.getFirst().entityId()));
        assertThat("where the entity stood", second.welcomes.getFirst().x(), is(600));
        assertThat(second.fullUpdates, is(1));
        assertThat("the last applied move's seq, so the client's numbering goes on", second.acks, is(List.of(9)));
        assertThat(zone.population(), is(1));

        RecordingViewer stranger = new RecordingViewer();
        zone.submit(new Command.Resume(stranger, character("nobody", 1, 1).id()));
        zone.tick();
        assertThat(stranger.resumeRefused, is(true));
        assertThat(stranger.welcomes, empty());
        assertThat("a resume never creates an entity", zone.population(), is(1));
    }

    @Test
    void aSinkThatWritesInBatchesGetsPositionsItsDelaySoonerSoTheyAreStoredWithinTheInterval() {
        // the sink may hold a position back for 200 ms (2 ticks): turns come every 8 ticks instead of 10, so alice's
        // (entity 1) on ticks 1, 9, 17 ...
        PositionSink batching = new PositionSink() {
            @Override
            public void save(List<CharacterPosition> positions) {
                saved.addAll(positions);
            }

            @Override
            public Duration writeDelay() {
                return Duration.ofMillis(200);
            }
        };
        Zone zone = new Zone(SMALL, batching, events::add);
        RecordingViewer alice = join(zone, character("alice", 5, 5));
        zone.tick();
        zone.submit(new Command.Move(alice, 1, 0, 1));
        for (int tick = 2; tick <= 8; tick++) {
            zone.tick();
        }
        assertThat("ticks 2..8", saved, is(List.of()));
        zone.tick();
        assertThat(
                "tick 9: alice's turn", saved.stream().map(CharacterPosition::x).toList(), contains(6.0));
    }

    @Test
    void eachMovedPositionIsHandedOnOncePerPersistIntervalOnItsOwnTick() {
        // a persist interval of 1 s is 10 ticks; entity 1 (alice) takes its turns on ticks 1, 11, 21 ..., entity 2
        // (bob) on ticks 2, 12, 22 ...
        Zone zone = zone();
        RecordingViewer alice = join(zone, character("alice", 5, 5));
        RecordingViewer bob = join(zone, character("bob", 50, 50));
        zone.tick();
        zone.submit(new Command.Move(alice, 1, 0, 1));
        zone.submit(new Command.Move(bob, 0, 1, 1));
        zone.tick();
        assertThat(
                "tick 2: bob's turn", saved.stream().map(CharacterPosition::y).toList(), contains(51.0));
        for (int tick = 3; tick <= 10; tick++) {
            zone.tick();
        }
        assertThat("ticks 3..10", saved.size(), is(1));
        zone.tick();
        assertThat("tick 11: alice's turn", saved.getLast().x(), is(6.0));
        for (int tick = 12; tick <= 30; tick++) {
            zone.tick();
        }
        assertThat("standing still: nothing more to hand on", saved.size(), is(2));
        zone.submit(new Command.Move(alice, 1, 0, 2));
        zone.tick();
        assertThat("tick 31: alice moved again on her turn", saved.size(), is(3));
        assertThat(saved.getLast().x(), is(7.0));
    }

    @Test
    void playersWhoJoinedTogetherAndWalkPublishTheirMovedEventsOnDifferentTicks() {
        Zone zone = zone();
        List<RecordingViewer> walkers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            walkers.add(join(zone, character("walker" + i, 10 + 5 * i, 50)));
        }
        zone.tick();
        for (int tick = 2; tick <= 31; tick++) {
            for (RecordingViewer walker : walkers) {
                zone.submit(new Command.Move(walker, 0, 1, tick));
            }
            zone.tick();
        }
        Map<Long, Long> perTick = events.stream()
                .map(PlayerMoved.class::cast)
                .collect(Collectors.groupingBy(PlayerMoved::tick, Collectors.counting()));
        assertThat("30 ticks, 10 walkers, a 1 s interval (10 ticks)", events.size(), is(30));
        assertThat("one walker per tick", perTick.values().stream().distinct().toList(), contains(1L));
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
        assertThat("30 moving ticks at 10 Hz with a 1 s interval", events.size(), is(3));
        assertThat(events.getFirst(), is(org.hamcrest.Matchers.instanceOf(PlayerMoved.class)));
    }

    @Test
    void aViewerThatLostASnapshotGetsAFullOneNext() {
        Zone zone = zone();
        RecordingViewer viewer = join(zone, character("alice", 5, 5));
        zone.tick();
        zone.tick();
        assertThat(viewer.fullUpdates, is(1));
        viewer.wantsFull = true;
        zone.tick();
        assertThat(viewer.fullUpdates, is(2));
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
                assertThat("tick " + tick, asText(viewer.view), is(asText(zone.visibleTo(viewer))));
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
