package dev.meridian.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.testing.Http;
import dev.meridian.testing.LogRecords;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import dev.meridian.testing.Walker;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's dependency faults, under a small load: each test starts its own Redis, NATS or Postgres on a free port
 * (never the machine's shared ones), points a server at it, kills or stops it while clients keep calling, brings it
 * back, and checks what the clients saw. Each prints one {@code reliability scenario=...} line with its figures
 * (docs/reliability.md).
 */
class FaultsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int CLIENTS = 4;

    @Test
    void redisKilledMidLoadCostsNoRequestAndCacheHitsResumeWhenItIsBack() {
        try (Throwaway.Redis redis = new Throwaway.Redis()) {
            redis.start();
            try (TestServer server = TestServer.start(overrides("redis.uri", redis.uri()));
                    Http http = new Http(server)) {
                server.awaitReadiness(body -> body.contains("\"redis\":{\"status\":\"UP\""));
                List<String> tokens = playersWithACharacter(http);
                try (Load load = new Load(CLIENTS, 10, i -> http.get("/v1/characters", tokens.get(i)))) {
                    awaitIncrease(server, "character_cache_hits_total", Duration.ofSeconds(10));
                    Throwaway.sleep(1000);
                    long killed = System.nanoTime();
                    redis.kill();
                    Throwaway.sleep(3000);
                    long back = System.nanoTime();
                    redis.start();
                    double hitsAtRestart = Metrics.value(server, "character_cache_hits_total", "");
                    await(
                            "cache hits after Redis came back",
                            Duration.ofSeconds(40),
                            () -> Metrics.value(server, "character_cache_hits_total", "") > hitsAtRestart);
                    long resumed = System.nanoTime();
                    load.stop();

                    List<Load.Result> all = load.results();
                    List<Load.Result> down = load.between(killed, back);
                    assertThat(Load.statuses(all), Load.count(all, 200), is((long) all.size()));
                    assertThat(down.size(), greaterThan(0));
                    report(
                            "redis_killed",
                            "requests=" + all.size() + " failed=" + (all.size() - Load.count(all, 200))
                                    + " requests_while_down=" + down.size() + " p99_ms_while_down="
                                    + Load.percentileMillis(down, 99) + " max_ms_while_down=" + Load.maxMillis(down)
                                    + " hits_resumed_after_restart_ms=" + (resumed - back) / 1_000_000
                                    + " cache_errors="
                                    + (long) Metrics.value(server, "character_cache_errors_total", ""));
                }
            }
        }
    }

    @Test
    void natsKilledCostsNoRequestDropsAreCountedAndEventsFlowWhenItIsBack() throws Exception {
        try (Throwaway.Nats nats = new Throwaway.Nats()) {
            nats.start();
            try (TestServer server = TestServer.start(overrides("nats.url", nats.url()));
                    Http http = new Http(server)) {
                server.awaitReadiness(body -> body.contains("\"nats\":{\"status\":\"UP\""));
                List<String> tokens = new ArrayList<>();
                List<String> characters = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    String token = register(http);
                    tokens.add(token);
                    characters.add(createCharacter(http, token).get("id").asText());
                }
                String prefix = server.subjectPrefix();
                assertThat(
                        "events flow before the fault", eventArrives(nats, prefix, http, tokens, characters), is(true));

                try (Load load = new Load(CLIENTS, 25, i -> rename(http, tokens.get(i), characters.get(i)))) {
                    Throwaway.sleep(500);
                    double dropped = Metrics.value(server, "events_dropped_total", "");
                    long killed = System.nanoTime();
                    nats.kill();
                    Throwaway.sleep(3000);
                    long back = System.nanoTime();
                    double droppedWhileDown = Metrics.value(server, "events_dropped_total", "") - dropped;
                    nats.start();
                    long flowing = 0;
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (flowing == 0 && System.nanoTime() < deadline) {
                        if (eventArrives(nats, prefix, http, tokens, characters)) {
                            flowing = System.nanoTime();
                        }
                    }
                    load.stop();

                    List<Load.Result> all = load.results();
                    List<Load.Result> down = load.between(killed, back);
                    assertThat(Load.statuses(all), Load.count(all, 200), is((long) all.size()));
                    assertThat("events dropped while NATS was down", droppedWhileDown, greaterThan(0.0));
                    assertThat("events flow again after NATS came back", flowing, greaterThan(0L));
                    report(
                            "nats_killed",
                            "requests=" + all.size() + " failed=" + (all.size() - Load.count(all, 200))
                                    + " requests_while_down=" + down.size() + " max_ms_while_down="
                                    + Load.maxMillis(down) + " events_dropped_while_down=" + (long) droppedWhileDown
                                    + " events_flow_after_restart_ms=" + (flowing - back) / 1_000_000);
                }
            }
        }
    }

    @Test
    void postgresStoppedGives503FastReadinessDownAndRecoversWhenItIsBack() {
        long connectTimeoutMs = 1000;
        try (ThrowawayPostgres postgres = new ThrowawayPostgres()) {
            postgres.start();
            try (TestServer server = TestServer.start(
                            overrides("db.port", String.valueOf(postgres.port), "db.connect-timeout", "PT1S"));
                    Http http = new Http(server)) {
                assertThat(
                        server.awaitReadiness(body -> body.startsWith("{\"status\":\"UP\""))
                                .statusCode(),
                        is(200));
                List<String> tokens = new ArrayList<>();
                List<String> paths = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    String token = register(http);
                    tokens.add(token);
                    paths.add("/v1/characters/"
                            + createCharacter(http, token).get("id").asText());
                }
                try (Load load = new Load(CLIENTS, 20, i -> http.get(paths.get(i), tokens.get(i)))) {
                    Throwaway.sleep(1000);
                    long stopped = System.nanoTime();
                    postgres.stop();
                    long stopDone = System.nanoTime();
                    await(
                            "/readyz 503",
                            Duration.ofSeconds(10),
                            () -> server.get("/readyz").statusCode() == 503);
                    long notReady = System.nanoTime();
                    Throwaway.sleep(3000);
                    long back = System.nanoTime();
                    postgres.start();
                    await(
                            "/readyz 200",
                            Duration.ofSeconds(20),
                            () -> server.get("/readyz").statusCode() == 200);
                    long ready = System.nanoTime();
                    await(
                            "a character read answers 200",
                            Duration.ofSeconds(20),
                            () -> http.get(paths.getFirst(), tokens.getFirst()).statusCode() == 200);
                    long serving = System.nanoTime();
                    Throwaway.sleep(500);
                    load.stop();

                    List<Load.Result> all = load.results();
                    List<Load.Result> down = load.between(stopDone, back);
                    List<Load.Result> after = load.between(serving, System.nanoTime());
                    List<Load.Result> wrong = all.stream()
                            .filter(r -> r.status() != 200 && r.status() != 503)
                            .toList();
                    assertThat(Load.statuses(all), wrong, is(empty()));
                    assertThat(Load.statuses(down), Load.count(down, 503), greaterThan(0L));
                    assertThat("slowest answer while down", Load.maxMillis(down), lessThan(connectTimeoutMs + 2000));
                    assertThat(
                            "readiness down within the probe period (5 s)",
                            (notReady - stopDone) / 1_000_000,
                            lessThan(5000L));
                    assertThat(Load.statuses(after), Load.count(after, 200), is((long) after.size()));
                    report(
                            "postgres_stopped",
                            "requests=" + all.size() + " statuses=" + Load.statuses(all) + " requests_while_down="
                                    + down.size() + " p50_ms_while_down=" + Load.percentileMillis(down, 50)
                                    + " max_ms_while_down=" + Load.maxMillis(down) + " pg_stop_ms="
                                    + (stopDone - stopped) / 1_000_000 + " readyz_503_after_ms="
                                    + (notReady - stopDone) / 1_000_000 + " readyz_200_after_restart_ms="
                                    + (ready - back) / 1_000_000 + " rest_200_after_restart_ms="
                                    + (serving - back) / 1_000_000);
                }
            }
        }
    }

    @Test
    void postgresHungFailsRequestsWithinTheSocketTimeoutAndLosesNoPosition() throws Exception {
        long socketTimeoutMs = 2000;
        long connectTimeoutMs = 1000;
        try (ThrowawayPostgres postgres = new ThrowawayPostgres()) {
            postgres.start();
            try (TestServer server = TestServer.start(overrides(
                            "db.port", String.valueOf(postgres.port),
                            "db.connect-timeout", "PT1S",
                            "db.socket-timeout", "PT2S",
                            "db.statement-timeout", "PT1S",
                            "world.persist-interval", "PT0.5S"));
                    Http http = new Http(server);
                    LogRecords logs = LogRecords.capture()) {
                assertThat(
                        server.awaitReadiness(body -> body.startsWith("{\"status\":\"UP\""))
                                .statusCode(),
                        is(200));
                List<String> tokens = new ArrayList<>();
                List<String> paths = new ArrayList<>();
                List<Walker> walkers = new ArrayList<>();
                URI world = URI.create("ws://127.0.0.1:" + server.worldPort());
                for (int i = 0; i < CLIENTS; i++) {
                    String token = register(http);
                    JsonNode character = createCharacter(http, token);
                    tokens.add(token);
                    paths.add("/v1/characters/" + character.get("id").asText());
                    walkers.add(new Walker(
                            world,
                            token,
                            character.get("id").asText(),
                            character.get("name").asText()));
                }
                try (Load load = new Load(CLIENTS, 20, i -> http.get(paths.get(i), tokens.get(i)))) {
                    Throwaway.sleep(1000);
                    long frozen = System.nanoTime();
                    postgres.freeze();
                    Throwaway.sleep(6000);
                    long thawed = System.nanoTime();
                    postgres.thaw();
                    await(
                            "a character read answers 200",
                            Duration.ofSeconds(20),
                            () -> http.get(paths.getFirst(), tokens.getFirst()).statusCode() == 200);
                    long serving = System.nanoTime();
                    Throwaway.sleep(500);
                    load.stop();

                    Map<Walker, double[]> last = new HashMap<>();
                    for (Walker walker : walkers) {
                        last.put(walker, walker.stop());
                    }
                    long landed = awaitPositionsStored(postgres, server.subjectPrefix(), walkers, last);
                    walkers.forEach(Walker::close);

                    List<Load.Result> all = load.results();
                    List<Load.Result> hung = load.between(frozen, thawed);
                    List<Load.Result> wrong = all.stream()
                            .filter(r -> r.status() != 200 && r.status() != 503)
                            .toList();
                    double writeFailures =
                            Metrics.value(server, "world_persistence_failures_total", "operation=\"position_write\"");
                    assertThat(Load.statuses(all), wrong, is(empty()));
                    assertThat(Load.statuses(hung), Load.count(hung, 503), greaterThan(0L));
                    assertThat(
                            "slowest answer while Postgres hung: within the socket timeout plus the connect timeout",
                            Load.maxMillis(hung),
                            lessThan(socketTimeoutMs + connectTimeoutMs + 1500));
                    assertThat("failed position writes are counted", writeFailures, greaterThan(0.0));
                    assertThat(logs.describe(), logs.count("event=position_write_failed"), is(1L));
                    report(
                            "postgres_hung",
                            "requests=" + all.size() + " statuses=" + Load.statuses(all) + " requests_while_hung="
                                    + hung.size() + " p50_ms_while_hung=" + Load.percentileMillis(hung, 50)
                                    + " max_ms_while_hung=" + Load.maxMillis(hung) + " rest_200_after_thaw_ms="
                                    + (serving - thawed) / 1_000_000 + " players=" + walkers.size()
                                    + " positions_lost=0 positions_stored_after_last_move_ms=" + landed
                                    + " position_write_failures=" + (long) writeFailures
                                    + " position_write_failed_log_lines="
                                    + logs.count("event=position_write_failed"));
                }
            }
        }
    }

    /**
     * Waits until each walker's row holds the position of its last acknowledged snapshot; returns how long that took.
     */
    private static long awaitPositionsStored(
            ThrowawayPostgres postgres, String database, List<Walker> walkers, Map<Walker, double[]> last)
            throws SQLException {
        long started = System.nanoTime();
        try (java.sql.Connection db = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + postgres.port + "/" + database, "postgres", "");
                PreparedStatement select = db.prepareStatement("SELECT x, y FROM characters WHERE name = ?")) {
            long deadline = started + Duration.ofSeconds(15).toNanos();
            for (Walker walker : walkers) {
                double[] expected = last.get(walker);
                double[] stored = {Double.NaN, Double.NaN};
                while (System.nanoTime() < deadline) {
                    select.setString(1, walker.name());
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        stored = new double[] {row.getDouble(1), row.getDouble(2)};
                    }
                    if (Arrays.equals(stored, expected)) {
                        break;
                    }
                    Throwaway.sleep(100);
                }
                assertThat(walker.name() + " stored where its last snapshot put it", stored, is(expected));
            }
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static Map<String, String> overrides(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        config.put("auth.rate-limit.ip.capacity", "100000");
        config.put("auth.rate-limit.ip.per-minute", "100000");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private static List<String> playersWithACharacter(Http http) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String token = register(http);
            createCharacter(http, token);
            tokens.add(token);
        }
        return tokens;
    }

    private static String register(Http http) {
        String email = "fault-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> response =
                http.postJson("/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(response.body(), response.statusCode(), is(201));
        return json(response).get("access_token").asText();
    }

    private static JsonNode createCharacter(Http http, String token) {
        HttpResponse<String> response = http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token);
        assertThat(response.body(), response.statusCode(), is(201));
        return json(response);
    }

    private static HttpResponse<String> rename(Http http, String token, String character) {
        return http.send(HttpRequest.newBuilder(http.uri("/v1/characters/" + character))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name() + "\"}"))
                .build());
    }

    /** Subscribes on the throwaway NATS, renames a character, and says whether its event arrived within 2 s. */
    private static boolean eventArrives(
            Throwaway.Nats nats, String prefix, Http http, List<String> tokens, List<String> characters)
            throws InterruptedException {
        Options options = new Options.Builder()
                .server(nats.url())
                .connectionTimeout(Duration.ofSeconds(1))
                .maxReconnects(0)
                .build();
        Connection connection;
        try {
            connection = Nats.connect(options);
        } catch (IOException e) {
            Throwaway.sleep(200);
            return false;
        }
        try {
            Subscription events = connection.subscribe(prefix + ".character.renamed");
            connection.flush(Duration.ofSeconds(1));
            rename(http, tokens.getFirst(), characters.getFirst());
            return events.nextMessage(Duration.ofSeconds(2)) != null;
        } catch (TimeoutException e) {
            return false;
        } finally {
            connection.close();
        }
    }

    private static String name() {
        return "F" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQUENCE.incrementAndGet();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static void awaitIncrease(TestServer server, String metric, Duration timeout) {
        double before = Metrics.value(server, metric, "");
        await(metric + " to grow", timeout, () -> Metrics.value(server, metric, "") > before);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Throwaway.sleep(100);
        }
    }

    private static void report(String scenario, String figures) {
        System.out.println("reliability scenario=" + scenario + " " + figures);
    }
}
