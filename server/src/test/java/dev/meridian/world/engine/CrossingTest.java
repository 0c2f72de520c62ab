package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.world.domain.Area;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.domain.Point;
import dev.meridian.world.domain.Portal;
import dev.meridian.world.domain.WorldMap;
import dev.meridian.world.domain.ZoneDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Portal crossings between two zones of one node, ticked by hand. Zone {@code a}'s east portal (x 90..100) leads to
 * (10, 50) of {@code b}, which stands in {@code b}'s own west portal (x 0..12, back to {@code a}); {@code a}'s west
 * portal leads to {@code c}, which is on the map but not hosted here.
 */
class CrossingTest {
    private static final WorldMap MAP = new WorldMap(
            List.of(
                    zone("a", portal(90, 40, 10, 20, "b", 10, 50), portal(0, 40, 10, 20, "c", 50, 50)),
                    zone("b", portal(0, 40, 12, 20, "a", 80, 50)),
                    zone("c")),
            "a");

    private final List<CharacterPosition> saved = new ArrayList<>();
    private final List<WorldEvent> events = new ArrayList<>();
    private final World world = new World(MAP, Duration.ofSeconds(5));
    private final Zone a = host("a");
    private final Zone b = host("b");

    private static ZoneDefinition zone(String id, Portal... portals) {
        return new ZoneDefinition(id, 100, 100, new Point(50, 50), List.of(portals));
    }

    private static Portal portal(double x, double y, double width, double height, String to, double toX, double toY) {
        return new Portal(new Area(x, y, width, height), to, new Point(toX, toY));
    }

    /** 10 Hz, 10 units/s: one unit (100 fixed steps) per tick; view radius 10. */
    private Zone host(String id) {
        ZoneDefinition definition = MAP.zone(id).orElseThrow();
        ZoneSettings settings = new ZoneSettings(
                id, 100, 100, 10, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), definition.portals());
        return world.host(settings, saved::addAll, events::add, FanOut.single());
    }

    private static PlayerCharacter character(String name, double x, double y) {
        return new PlayerCharacter(CharacterId.random(), AccountId.random(), name, "a", x, y);
    }

    private static RecordingViewer join(Zone zone, PlayerCharacter character) {
        RecordingViewer viewer = new RecordingViewer();
        viewer.zone = zone;
        zone.submit(new Command.Join(viewer, character));
        return viewer;
    }

    /** A Move sent where the viewer's commands go now, as its session would. */
    private static void move(RecordingViewer viewer, float dx, int seq) {
        viewer.zone.submit(new Command.Move(viewer, dx, 0, seq));
    }

    private void tickBoth() {
        a.tick();
        b.tick();
    }

    @Test
    void walkingIntoAPortalMovesThePlayerToTheTargetZoneExactlyOnce() {
        PlayerCharacter aliceCharacter = character("alice", 89, 50);
        RecordingViewer alice = join(a, aliceCharacter);
        RecordingViewer bob = join(a, character("bob", 85, 50));
        RecordingViewer carol = join(b, character("carol", 15, 50));
        tickBoth();
        int aliceInA = alice.welcomes.getFirst().entityId();
        assertThat(bob.view, hasKey(aliceInA));

        move(alice, 1, 7);
        a.tick();
        assertThat("others in the old zone see it leave", bob.view, not(hasKey(aliceInA)));
        assertThat(a.population(), is(1));
        assertThat("its commands go to the new zone from now on", alice.zone, sameInstance(b));
        assertThat(world.placements().of(aliceCharacter.id()), is(Optional.of(b)));
        assertThat(
                "the new zone and the portal's point, handed on as one record",
                saved,
                contains(new CharacterPosition(aliceCharacter.id(), "b", 10, 50)));
        assertThat(
                events.stream().filter(PlayerChangedZone.class::isInstance).toList(),
                contains(new PlayerChangedZone(aliceCharacter.id().toString(), "a", "b", 10, 50, 2)));

        int updatesBefore = alice.fullUpdates;
        b.tick();
        assertThat(alice.zoneChanges.size(), is(1));
        ZoneChange change = alice.zoneChanges.getFirst();
        assertThat(change.zone(), is("b"));
        assertThat(change.fromZone(), is("a"));
        assertThat(change.x(), is(1000));
        assertThat(change.y(), is(5000));
        assertThat(change.portals(), is(MAP.zone("b").orElseThrow().portals()));
        assertThat("its first view in the new zone is full", alice.fullUpdates, is(updatesBefore + 1));
        assertThat("and acknowledges its last move", alice.acks.getLast(), is(7));
        assertThat(alice.view, hasKey(change.entityId()));
        assertThat("others in the new zone see it enter", carol.view, hasKey(change.entityId()));
        assertThat(b.population(), is(2));

        for (int seq = 8; seq < 12; seq++) {
            move(alice, 1, seq);
            tickBoth();
            assertThat(alice.view.keySet(), is(b.visibleTo(alice).keySet()));
        }
        assertThat("one crossing, one arrival", alice.zoneChanges.size(), is(1));
        assertThat(a.population() + b.population(), is(3));
        assertThat(alice.problems, empty());
        assertThat(carol.problems, empty());
    }

    @Test
    void aJoinThatRacedTheCrossingTakesTheCharacterOverWhereItArrived() {
        PlayerCharacter alice = character("alice", 89, 50);
        RecordingViewer first = join(a, alice);
        tickBoth();
        move(first, 1, 1);
        a.tick();
        // a second session looked the character up before the crossing and sends its Join to the old zone
        RecordingViewer second = join(a, alice);
        a.tick();
        assertThat(a.population(), is(0));
        b.tick();
        assertThat(first.zoneChanges.size(), is(1));
        assertThat(first.replaced, is(true));
        assertThat(second.welcomes.getFirst().zone(), is("b"));
        assertThat(
                second.welcomes.getFirst().entityId(),
                is(first.zoneChanges.getFirst().entityId()));
        assertThat("one entity for the character", b.population(), is(1));
    }

    @Test
    void aResumeThatRacedTheCrossingFindsTheEntityWhereItArrived() {
        PlayerCharacter alice = character("alice", 89, 50);
        RecordingViewer dropped = join(a, alice);
        tickBoth();
        move(dropped, 1, 4);
        a.tick();
        RecordingViewer resuming = new RecordingViewer();
        a.submit(new Command.Resume(resuming, alice.id()));
        a.tick();
        b.tick();
        assertThat(resuming.resumeRefused, is(false));
        assertThat(resuming.welcomes.getFirst().zone(), is("b"));
        assertThat(resuming.acks.getLast(), is(4));
        assertThat(b.population(), is(1));
    }

    @Test
    void aLeaveSentAfterTheCrossingFollowsTheArrival() {
        PlayerCharacter alice = character("alice", 89, 50);
        RecordingViewer viewer = join(a, alice);
        tickBoth();
        move(viewer, 1, 1);
        a.tick();
        viewer.zone.submit(new Command.Leave(viewer));
        b.tick();
        assertThat(b.population(), is(0));
        assertThat(world.placements().of(alice.id()), is(Optional.empty()));
        assertThat(saved.getLast(), is(new CharacterPosition(alice.id(), "b", 10, 50)));
    }

    @Test
    void aPortalToAZoneNotHostedHereHoldsThePlayerBackAndSaysSoOncePerRetryInterval() {
        RecordingViewer alice = join(a, character("alice", 11, 50));
        tickBoth();
        for (int seq = 1; seq <= 10; seq++) {
            move(alice, -1, seq);
            a.tick();
        }
        Entity entity = a.entityOf(alice);
        assertThat("it stopped at the portal's edge", entity.x(), is(1100));
        assertThat(alice.unavailable, contains("c"));
        assertThat(alice.zone, sameInstance(a));
        assertThat(alice.zoneChanges, empty());
        assertThat(alice.acks.getLast(), is(10));
        for (int seq = 11; seq <= 51; seq++) {
            move(alice, -1, seq);
            a.tick();
        }
        assertThat("again after 5 s (50 ticks)", alice.unavailable, contains("c", "c"));
    }

    @Test
    void aPortalToAZoneAnotherNodeRunsTakesThePlayerOffThisNodeAndHandsTheCrossingOnBeforeItIsSentThere() {
        World cluster = new World(MAP, Duration.ofSeconds(5), zone -> zone.equals("c"));
        ZoneDefinition definition = MAP.zone("a").orElseThrow();
        Zone here = cluster.host(
                new ZoneSettings(
                        "a", 100, 100, 10, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), definition.portals()),
                saved::addAll,
                events::add,
                FanOut.single());
        PlayerCharacter character = character("alice", 11, 50);
        RecordingViewer alice = join(here, character);
        RecordingViewer bob = join(here, character("bob", 15, 50));
        here.tick();
        int seenByBob = bob.view.size();
        for (int seq = 1; seq <= 2; seq++) {
            move(alice, -1, seq);
            here.tick();
        }
        assertThat(alice.sentOn.keySet(), contains("c"));
        assertThat(alice.sentOn.get("c").toCompletableFuture().getNow(null), is(CrossingWrite.WRITTEN));
        assertThat(
                "the crossing, the last position this node hands on",
                saved.getLast(),
                is(new CharacterPosition(character.id(), "c", 50, 50)));
        assertThat(alice.unavailable, empty());
        assertThat(here.population(), is(1));
        assertThat(cluster.placements().of(character.id()), is(Optional.empty()));
        assertThat("bob saw alice leave", bob.view.size(), is(seenByBob - 1));
        PlayerChangedZone changed = (PlayerChangedZone) events.getLast();
        assertThat(changed.fromZone() + ">" + changed.zone(), is("a>c"));
    }

    @Test
    void aPortalIntoAnotherNodeHoldsThePlayerBackAndSaysWhyWhileItsCrossingCannotBeWritten() {
        World cluster = new World(MAP, Duration.ofSeconds(5), zone -> zone.equals("c"));
        PositionSink failing = new PositionSink() {
            @Override
            public void save(List<CharacterPosition> positions) {
                saved.addAll(positions);
            }

            @Override
            public boolean failing() {
                return true;
            }
        };
        ZoneDefinition definition = MAP.zone("a").orElseThrow();
        Zone here = cluster.host(
                new ZoneSettings(
                        "a", 100, 100, 10, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), definition.portals()),
                failing,
                events::add,
                FanOut.single());
        PlayerCharacter character = character("alice", 11, 50);
        RecordingViewer alice = join(here, character);
        here.tick();
        for (int seq = 1; seq <= 3; seq++) {
            move(alice, -1, seq);
            here.tick();
        }
        assertThat("it stopped at the portal's edge", here.entityOf(alice).x(), is(1100));
        assertThat(alice.unavailable, contains("c"));
        assertThat(alice.holds, contains(PortalHold.CROSSING_NOT_SAVED));
        assertThat("not sent on", alice.sentOn.keySet(), empty());
        assertThat(here.population(), is(1));
        assertThat(cluster.placements().of(character.id()), is(Optional.of(here)));
        assertThat(
                "no crossing handed on",
                saved.stream().map(CharacterPosition::zone).toList(),
                not(hasItem("c")));
    }

    @Test
    void arrivingOnAPortalDoesNotBounceBackUntilThePlayerStepsOutAndInAgain() {
        RecordingViewer alice = join(a, character("alice", 89, 50));
        tickBoth();
        move(alice, 1, 1);
        tickBoth();
        assertThat(alice.zone, sameInstance(b));
        move(alice, 1, 2);
        b.tick();
        assertThat("x 11 is still in b's portal (0..12): no crossing", alice.zone, sameInstance(b));
        move(alice, 1, 3);
        b.tick();
        move(alice, 1, 4);
        b.tick();
        assertThat("x 13 is out of it", b.entityOf(alice).x(), is(1300));
        move(alice, -1, 5);
        b.tick();
        assertThat("stepping back in crosses", alice.zone, sameInstance(a));
        a.tick();
        assertThat(alice.zoneChanges.getLast().zone(), is("a"));
        assertThat(alice.zoneChanges.getLast().x(), is(8000));
    }
}
