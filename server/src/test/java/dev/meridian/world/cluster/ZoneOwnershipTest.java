package dev.meridian.world.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import dev.meridian.testing.LogRecords;
import dev.meridian.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Zone ownership by lease on a hand-moved clock: what a node takes, keeps, gives up and where joins are routed. */
class ZoneOwnershipTest {
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final List<String> MAP = List.of("a", "b", "c");
    private static final WorldNode ONE = new WorldNode("one", "ws://one:8081/v1/world/ws", "one:8081");
    private static final WorldNode TWO = new WorldNode("two", "ws://two:8081/v1/world/ws", "two:8081");

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final InMemoryZoneLeases leases = new InMemoryZoneLeases(TTL, clock::get);
    private final Map<String, Long> fences = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private final List<ZoneOwnership> nodes = new ArrayList<>();

    /** Every node's timer thread ends with it (the watch's news of a release starts one even without rounds). */
    @AfterEach
    void closeNodes() {
        nodes.forEach(ZoneOwnership::close);
        assertThat(Threads.named("zone-leases-"), is(empty()));
    }

    @Test
    void takesFreeZonesUpToItsCapacityAndFencesEachBeforeItTicks() {
        ZoneOwnership one = node(ONE, 2);
        one.round();
        assertThat(events, contains("one acquired a", "one acquired b"));
        assertThat(one.owned(), contains("a", "b"));
        assertThat(fences.get("a"), is(one.epoch("a").getAsLong()));
        assertThat(fences.get("b"), is(one.epoch("b").getAsLong()));
        assertThat(one.epoch("c"), is(OptionalLong.empty()));
    }

    @Test
    void aZoneHeldByAnotherNodeIsNotTakenAndItsJoinsAreRedirectedToIt() {
        ZoneOwnership one = node(ONE, 1);
        ZoneOwnership two = node(TWO, 3);
        one.round();
        two.round();
        assertThat(two.owned(), contains("b", "c"));
        assertThat(two.route("a"), is(new Route.There("a", ONE)));
        assertThat(two.route("b"), is(new Route.Here()));
        assertThat(two.serves("a"), is(false));
    }

    @Test
    void aZoneNobodyHoldsIsUnavailableForATtl() {
        ZoneOwnership router = node(TWO, 0);
        router.round();
        assertThat(router.owned(), is(empty()));
        assertThat(router.route("a"), is(new Route.Nowhere("a", TTL)));
    }

    @Test
    void aLeaseThatCannotBeRenewedStopsItsZoneBeforeTheStoreCouldGiveItToAnotherNode() {
        ZoneOwnership one = node(ONE, 1, List.of("a"));
        ZoneOwnership two = node(TWO, 1, List.of("a"));
        one.round();
        long acquiredAt = clock.get();
        leases.unreachable(true);
        try (LogRecords logs = LogRecords.capture()) {
            advanceTo(acquiredAt, TTL.toMillis() * 3 / 4);
            one.round();
            assertThat("still within its lease", one.owned(), contains("a"));
            assertThat("/readyz shows the lease store down", one.storeReachable(), is(false));

            advanceTo(acquiredAt, TTL.toMillis() * 4 / 5);
            one.stopOverdue();
            assertThat(events, contains("one acquired a", "one lost a"));
            assertThat(one.epoch("a"), is(OptionalLong.empty()));
            assertThat("/readyz lists no zone", one.owned(), is(empty()));
            assertThat(
                    logs.describe(), logs.count("event=zone_lost zone=a epoch=1 node=one reason=not_renewed"), is(1L));
            assertThat(logs.describe(), logs.count("event=lease_renew_failed zone=a epoch=1 node=one"), is(1L));
        }

        leases.unreachable(false);
        two.round();
        assertThat("the store has not let it go yet", two.owned(), is(empty()));
        advanceTo(acquiredAt, TTL.toMillis());
        two.round();
        assertThat(two.owned(), contains("a"));
        assertThat(fences.get("a"), is(two.epoch("a").getAsLong()));
    }

    @Test
    void aNodeThatWasPausedFindsItsLeaseOverdueBeforeAnyCheckHasRun() {
        ZoneOwnership one = node(ONE, 1);
        one.round();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(one.epoch("a"), is(OptionalLong.empty()));
        assertThat(one.serves("a"), is(false));
    }

    @Test
    void renewalsKeepTheLeaseAndItsEpochForAsLongAsTheyRun() {
        ZoneOwnership one = node(ONE, 1);
        one.round();
        long epoch = one.epoch("a").getAsLong();
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(TTL.toNanos() / 3);
            one.round();
            one.stopOverdue();
        }
        assertThat(events, contains("one acquired a"));
        assertThat(one.epoch("a").getAsLong(), is(epoch));
    }

    @Test
    void aLeaseTakenByAnotherNodeMeanwhileIsLostAtTheNextRenewal() {
        ZoneOwnership one = node(ONE, 1, List.of("a"));
        ZoneOwnership two = node(TWO, 1, List.of("a"));
        one.round();
        long first = one.epoch("a").getAsLong();
        // one's renewals did not reach the store for a whole TTL, yet its process never checked (a long GC pause)
        clock.addAndGet(TTL.toNanos());
        two.round();
        one.round();
        assertThat(events, contains("one acquired a", "two acquired a", "one lost a"));
        assertThat(two.epoch("a").getAsLong(), greaterThan(first));
    }

    @Test
    void releasingGivesTheZonesToAnotherNodeWithoutWaitingForTheTtl() {
        ZoneOwnership one = node(ONE, 3);
        ZoneOwnership two = node(TWO, 3);
        one.round();
        one.releaseAll();
        two.round();
        assertThat(two.owned(), contains("a", "b", "c"));
        assertThat(one.owned(), is(empty()));
    }

    @Test
    void aZoneGivenUpIsTakenAtOnceByANodeWatchingTheStoreWithoutWaitingForItsRound() {
        ZoneOwnership one = node(ONE, 3);
        ZoneOwnership two = node(TWO, 3).reactingOn(Runnable::run);
        one.round();
        two.round();
        assertThat("every zone is one's", two.owned(), is(empty()));
        one.stopTaking();
        one.release("b");
        assertThat("taken on the news of the release, no round of two ran", two.owned(), contains("b"));
        assertThat(one.owned(), contains("a", "c"));
        assertThat(two.route("a"), is(new Route.There("a", ONE)));
        assertThat("heard from the watch, without asking the store", two.runsElsewhere("a"), is(true));
        assertThat("its own zone", two.runsElsewhere("b"), is(false));
        assertThat("where a redirect may lead", two.peers(), contains(ONE));
        two.stopTaking();
        one.release("a");
        assertThat("a node handing its zones over takes none", two.owned(), contains("b"));
    }

    @Test
    void aZoneFencedAtANewerEpochIsGivenBackAndNeverTicks() {
        fences.put("a", Long.MAX_VALUE);
        ZoneOwnership one = node(ONE, 1);
        ZoneOwnership two = node(TWO, 1);
        one.round();
        assertThat(one.owned(), contains("b"));
        assertThat(events, contains("one acquired b"));
        fences.remove("a");
        two.round();
        assertThat("released at once, not left to run out", two.owned(), contains("a"));
    }

    @Test
    void hostedZonesNamedThatTheMapDoesNotHaveAreRefused() {
        HostedZones hosted = new HostedZones(List.of("a", "nowhere"), 2);
        try {
            hosted.candidates(MAP);
            throw new AssertionError("accepted a zone that is not on the map");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage(), is("world.zones.host names zones the map does not have: [nowhere]"));
        }
        assertThat(new HostedZones(List.of(HostedZones.ANY), 1).candidates(MAP), is(MAP));
    }

    private ZoneOwnership node(WorldNode self, int capacity) {
        return node(self, capacity, MAP);
    }

    private ZoneOwnership node(WorldNode self, int capacity, List<String> candidates) {
        ZoneFences fenceStore = (zone, epoch) -> {
            if (fences.getOrDefault(zone, 0L) > epoch) {
                return false;
            }
            fences.put(zone, epoch);
            return true;
        };
        ZoneOwnership node = new ZoneOwnership(leases, fenceStore, self, candidates, capacity, TTL, clock::get);
        nodes.add(node);
        return node.notifying(new OwnershipListener() {
            @Override
            public void acquired(String zone, long epoch) {
                events.add(self.id() + " acquired " + zone);
            }

            @Override
            public void lost(String zone) {
                events.add(self.id() + " lost " + zone);
            }
        });
    }

    private void advanceTo(long from, long millis) {
        clock.set(from + TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
