package dev.meridian.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.testing.GcPauses;
import dev.meridian.testing.Http;
import dev.meridian.testing.SchedStat;
import dev.meridian.testing.TestServer;
import dev.meridian.world.WorldFixtures;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "Login storm": 200 clients log in at once, and again as soon as they are in (each retrying after its 503),
 * for a minute while 300 players walk. Password hashing stays on its bounded pool, so logins only ever answer 200 or
 * 503 with Retry-After, and the walkers keep their snapshots. The storm lasts as long as the admin console's tick
 * window (the last 1,200 ticks, a minute at 20 Hz), so the zone's tick p99 read at its end is the storm's alone, not
 * the 300 joins' before it. That figure is printed with the machine's load, not asserted: the target is 10 ms, but on
 * a shared 2-core machine this test's own clients and other jobs take the cores too (docs/reliability.md). Beside it
 * the line says where a tick's time goes: the tick thread's CPU and its wait for a core per tick (the kernel's
 * schedstat), the collector's pauses in the window, the cores the hashing threads took and how long they paused for
 * ticks ({@code auth.hashing.pause-for-ticks}), and what the walkers' own driver thread cost.
 */
class LoginStormServerTest {
    private static final int PLAYERS = 300;
    private static final int LOGINS = 200;
    /** The admin console's tick window: a minute of ticks at 20 Hz. */
    private static final long STORM_NANOS = TimeUnit.SECONDS.toNanos(61);

    /** The walkers' zone's tick thread (TickLoop). */
    private static final String TICK_THREAD = "zone-starter";

    private static final String PASSWORD = "correct horse battery staple";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoHundredLoginsBesideThreeHundredWalkersAreAnsweredWhileTheWalkersPlayOn() throws Exception {
        try (TestServer server = TestServer.start(Map.of(
                        "admin.accounts", "storm-admin@storm.test",
                        "auth.rate-limit.ip.capacity", "100000",
                        "auth.rate-limit.account.capacity", "100000",
                        "world.session.idle-timeout", "PT120S"));
                Http http = new Http(server)) {
            String admin = JSON.readTree(http.postJson("/v1/auth/register", body("storm-admin@storm.test"))
                            .body())
                    .get("access_token")
                    .asText();
            assertThat(
                    http.postJson("/v1/auth/register", body("stormer@storm.test"))
                            .statusCode(),
                    is(201));
            WorldFixtures fixtures = new WorldFixtures(server);
            Random random = new Random(300);
            List<WorldFixtures.Player> walkers = new ArrayList<>();
            for (int i = 0; i < PLAYERS; i++) { // spread over the zone: each sees a few others, as in a real world
                walkers.add(fixtures.player(
                        "storm_walker_" + i, 20 + random.nextDouble() * 960, 20 + random.nextDouble() * 960));
            }
            try (Watchers watchers = new Watchers(server.worldPort(), walkers);
                    GcPauses gcPauses = GcPauses.record()) {
                watchers.awaitFirstSnapshots();
                watchers.play(TimeUnit.SECONDS.toNanos(2));
                Set<Integer> statuses = new ConcurrentSkipListSet<>();
                AtomicInteger loggedIn = new AtomicInteger();
                AtomicInteger clientsIn = new AtomicInteger();
                AtomicInteger refusedBusy = new AtomicInteger();
                SchedStat tickBefore = SchedStat.ofThreadsNamed(TICK_THREAD);
                SchedStat hashingBefore = SchedStat.ofThreadsNamed("argon2-");
                long pausedBefore = server.meridian().platform().foreground().pausedNanos();
                long walkersCpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long from = System.nanoTime();
                List<Thread> storm = new ArrayList<>();
                for (int i = 0; i < LOGINS; i++) {
                    storm.add(Thread.ofVirtual().start(() -> {
                        boolean in = false;
                        // at least once in, however long the machine takes; storming for the whole window
                        while (!in || System.nanoTime() - from < STORM_NANOS) {
                            HttpResponse<String> response = http.postJson("/v1/auth/login", body("stormer@storm.test"));
                            statuses.add(response.statusCode());
                            if (response.statusCode() != 503) {
                                loggedIn.incrementAndGet();
                                if (!in) {
                                    in = true;
                                    clientsIn.incrementAndGet();
                                }
                                continue;
                            }
                            refusedBusy.incrementAndGet();
                            try {
                                Thread.sleep(Long.parseLong(response.headers()
                                                .firstValue("Retry-After")
                                                .orElse("1"))
                                        * 1000);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }));
                }
                while (storm.stream().anyMatch(Thread::isAlive)) {
                    watchers.play(TimeUnit.MILLISECONDS.toNanos(50));
                }
                long to = System.nanoTime();
                SchedStat tick = SchedStat.ofThreadsNamed(TICK_THREAD).minus(tickBefore);
                SchedStat hashing = SchedStat.ofThreadsNamed("argon2-").minus(hashingBefore);
                long hashingPaused = server.meridian().platform().foreground().pausedNanos() - pausedBefore;
                GcPauses.Summary gc = gcPauses.within(from, to);
                long walkersCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - walkersCpuBefore;
                long ticks = (to - from) / TimeUnit.MILLISECONDS.toNanos(50);
                JsonNode zone = JSON.readTree(http.get("/v1/admin/zones", admin).body())
                        .get("zones")
                        .get(0);
                double[] gaps = watchers.gapsMs(from, to);
                System.out.println(String.format(
                        Locale.ROOT,
                        "reliability scenario=login_storm players=%d clients=%d logins=%d refused_503=%d storm_ms=%d"
                                + " tick_p99_ms=%.2f tick_budget_ms=%.1f snapshot_gap_p99_ms=%.1f"
                                + " tick_thread_cpu_ms_per_tick=%.2f tick_thread_runqueue_wait_ms_per_tick=%.2f"
                                + " hashing_cores=%.2f hashing_paused_for_ticks_ms=%d walkers_driver_cores=%.2f gc_pauses=%d gc_pause_ms=%d gc_pause_max_ms=%d load_average=%.2f",
                        PLAYERS,
                        LOGINS,
                        loggedIn.get(),
                        refusedBusy.get(),
                        (to - from) / 1_000_000,
                        zone.get("tick_p99_ms").asDouble(),
                        zone.get("tick_budget_ms").asDouble(),
                        Watchers.percentile(gaps, 0.99),
                        tick.runNanos() / 1e6 / ticks,
                        tick.waitNanos() / 1e6 / ticks,
                        hashing.runNanos() / (double) (to - from),
                        hashingPaused / 1_000_000,
                        walkersCpu / (double) (to - from),
                        gc.count(),
                        gc.totalMillis(),
                        gc.maxMillis(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
                assertThat(statuses, everyItem(isOneOf(200, 503)));
                assertThat("every client got in", clientsIn.get(), is(LOGINS));
                assertThat(watchers.stillConnected(), is(PLAYERS));
                watchers.play(TimeUnit.MILLISECONDS.toNanos(500));
                assertThat("every walker got snapshots after the storm", watchers.everyOneSnapshotSince(to), is(true));
            }
        }
    }

    private static String body(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    }
}
