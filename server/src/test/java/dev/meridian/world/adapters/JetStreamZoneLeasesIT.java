package dev.meridian.world.adapters;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import dev.meridian.Main;
import dev.meridian.platform.nats.NatsConnector;
import dev.meridian.world.cluster.Lease;
import dev.meridian.world.cluster.WorldNode;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Zone leases in a real NATS JetStream key-value bucket (one bucket per test, deleted after it). */
class JetStreamZoneLeasesIT {
    private static final Duration TTL = Duration.ofSeconds(1);
    private static final WorldNode ONE = new WorldNode("one", "ws://one:1/v1/world/ws", "one:1");
    private static final WorldNode TWO = new WorldNode("two", "ws://two:2/v1/world/ws", "two:2");
    private static NatsConnector nats;

    private String bucket;
    private JetStreamZoneLeases leases;

    @BeforeAll
    static void connect() throws InterruptedException {
        nats = NatsConnector.start(Main.config(Map.of()).get("nats"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!nats.reachable() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat("NATS on 4222", nats.reachable(), is(true));
    }

    @BeforeEach
    void newBucket() {
        bucket = "leases-it-" + UUID.randomUUID().toString().substring(0, 8);
        leases = new JetStreamZoneLeases(nats, bucket, TTL);
    }

    @AfterEach
    void deleteBucket() throws Exception {
        Connection connection = nats.connection().orElseThrow();
        connection.keyValueManagement().delete(bucket);
    }

    @Test
    void aZoneHasOneHolderAndItsEpochIsTheRevisionAtAcquisition() {
        Lease lease = leases.acquire("starter", ONE).orElseThrow();
        assertThat(lease.epoch(), is(lease.revision()));
        assertThat(leases.acquire("starter", TWO), is(Optional.empty()));
        assertThat(leases.holder("starter"), is(Optional.of(lease)));
        assertThat(leases.acquire("forest", TWO).isPresent(), is(true));
    }

    @Test
    void aRenewalKeepsTheEpochAndOneOnARevisionThatMovedOnIsRefused() {
        Lease lease = leases.acquire("starter", ONE).orElseThrow();
        Lease renewed = leases.renew(lease).orElseThrow();
        assertThat(renewed.epoch(), is(lease.epoch()));
        assertThat(renewed.revision(), greaterThan(lease.revision()));
        assertThat(leases.holder("starter").orElseThrow().epoch(), is(lease.epoch()));
        assertThat(leases.renew(lease), is(Optional.empty()));
    }

    @Test
    void aReleasedZoneIsFreeAtOnceWithANewerEpoch() {
        Lease lease = leases.acquire("starter", ONE).orElseThrow();
        leases.release(lease);
        assertThat(leases.holder("starter"), is(Optional.empty()));
        Lease next = leases.acquire("starter", TWO).orElseThrow();
        assertThat(next.epoch(), greaterThan(lease.epoch()));
        assertThat(leases.renew(lease), is(Optional.empty()));
        long marker = next.overRelease().orElseThrow();
        assertThat("the release came after the lease's last write", marker, greaterThan(lease.revision()));
        assertThat("and before the new lease", marker, lessThan(next.epoch()));
        assertThat("a first acquisition is over nothing", lease.overRelease().isPresent(), is(false));
    }

    @Test
    void releasingALeaseThatMovedOnLeavesTheNewHolderAlone() {
        Lease stale = leases.acquire("starter", ONE).orElseThrow();
        Lease current = leases.renew(stale).orElseThrow();
        leases.release(stale);
        assertThat(leases.holder("starter"), is(Optional.of(current)));
    }

    @Test
    void aLeaseNobodyRenewsEndsAfterTheTtlAndAnotherNodeTakesTheZone() throws InterruptedException {
        Lease lease = leases.acquire("starter", ONE).orElseThrow();
        long acquired = System.nanoTime();
        Optional<Lease> taken = Optional.empty();
        while (taken.isEmpty() && System.nanoTime() - acquired < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(20);
            taken = leases.acquire("starter", TWO);
        }
        long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acquired);
        assertThat("not before the TTL", afterMs, greaterThan(TTL.toMillis() - 50));
        assertThat(taken.orElseThrow().epoch(), greaterThan(lease.epoch()));
        assertThat(
                "the key ran out: no release to take it over",
                taken.get().overRelease().isPresent(),
                is(false));
        assertThat(leases.renew(lease), is(Optional.empty()));
        System.out.println("JetStreamZoneLeasesIT: lease ttl_ms=" + TTL.toMillis() + " taken_after_ms=" + afterMs);
    }
}
