package dev.meridian;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.platform.shutdown.ShutdownPhase;
import dev.meridian.testing.Walker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;

/**
 * The packaged server as operators run it: {@code java -jar target/meridian-server.jar} in its own process,
 * configured by environment variables only, stopped by SIGTERM. Runs after {@code package} (failsafe, {@code verify}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShutdownIT {
    private static final Path JAR = Path.of("target/meridian-server.jar");
    private static final Pattern STEP = Pattern.compile("event=shutdown_step phase=(\\S+) step=(\\S+) outcome=(\\S+)");

    private static final String DATABASE =
            "meridian_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** Short, so that the kill -9 test can tell "at most one interval old" from "never written". */
    private static final Duration PERSIST_INTERVAL = Duration.ofSeconds(1);
    /** world.speed and world.tick-rate of the shipped configuration: how far a player walks in a tick. */
    private static final double TICK_STEP = 8.0 / 20;
    /** Half a hundredth on each axis, the most a step's fixed-point rounding adds to its length. */
    private static final double ROUNDING = Math.hypot(0.005, 0.005);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final int PLAYERS = 4;
    private static Process server;
    private static Path log;
    private static int port;
    private static int worldPort;
    private static int launches;

    @BeforeAll
    static void launch() throws IOException {
        assertThat(JAR + " exists (integration tests run after package)", Files.isRegularFile(JAR), is(true));
        port = freePort();
        worldPort = freePort();
        start();
    }

    /** Starts the packaged server (again: the same ports and database) and waits for /readyz. */
    private static void start() throws IOException {
        log = Files.createDirectories(Path.of("target/shutdown-it")).resolve(DATABASE + "-" + ++launches + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .putAll(Map.of(
                        "MERIDIAN_PROFILE",
                        "dev",
                        "SERVER_HOST",
                        "127.0.0.1",
                        "SERVER_PORT",
                        Integer.toString(port),
                        "DB_NAME",
                        DATABASE,
                        "NATS_SUBJECT_dash_PREFIX",
                        DATABASE,
                        "SHUTDOWN_DEADLINE",
                        "PT10S",
                        "AUTH_JWT_SECRET",
                        "shutdown-it-secret-shutdown-it-secret-0123456789",
                        "WORLD_HOST",
                        "127.0.0.1",
                        "WORLD_PORT",
                        Integer.toString(worldPort),
                        "WORLD_PERSIST_dash_INTERVAL",
                        PERSIST_INTERVAL.toString()));
        // as in TestServer: the machine's load must not turn the walkers' joins away (docs/reliability.md)
        builder.environment().put("WORLD_OVERLOAD_LAG_dash_SHARE", "1");
        long started = System.nanoTime();
        server = builder.start();
        awaitReady(TimeUnit.SECONDS.toNanos(90));
        System.out.println("ShutdownIT: /readyz 200 after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                + " ms from process start");
    }

    @AfterAll
    static void cleanUp() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        HTTP.close();
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var drop = admin.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + DATABASE, e);
        }
    }

    @Test
    @Order(1)
    void theImagesHealthcheckCommandPassesAgainstTheServerAndFailsWithoutIt() throws Exception {
        List<String> command = dockerHealthcheck();
        assertThat(String.join(" ", command), run(command, port), is(0));
        assertThat(run(command, freePort()), is(not(0)));
    }

    /**
     * kill -9 while players walk: what the write-behind had not written yet is lost, but no more than one persist
     * interval of walking; the rows are whole; the server starts again cleanly and players resume where it says.
     */
    @Test
    @Order(2)
    void killNineWhilePlayersWalkLosesAtMostOnePersistIntervalAndTheServerStartsCleanly() throws Exception {
        List<Walker> walkers = walkers();
        Thread.sleep(3 * PERSIST_INTERVAL.toMillis() + 500);
        server.destroyForcibly(); // SIGKILL
        assertThat(server.waitFor(10, TimeUnit.SECONDS), is(true));
        Map<String, double[]> lastSeen = new HashMap<>();
        for (Walker walker : walkers) {
            lastSeen.put(walker.name(), walker.lastSeen());
            walker.close();
        }

        long restarting = System.nanoTime();
        start();
        long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting);
        double allowed = TICK_STEP * (PERSIST_INTERVAL.toMillis() / 50.0 + 2);
        double worst = 0;
        for (var seen : lastSeen.entrySet()) {
            double[] stored = storedPosition(seen.getKey());
            double behind = Math.hypot(stored[0] - seen.getValue()[0], stored[1] - seen.getValue()[1]);
            assertThat(
                    seen.getKey() + " stored " + List.of(stored[0], stored[1]) + ", last seen at "
                            + List.of(seen.getValue()[0], seen.getValue()[1]),
                    behind,
                    lessThanOrEqualTo(allowed));
            worst = Math.max(worst, behind);
        }
        assertThat("rows outside the zone or not finite", corruptRows(), is(0L));
        String restartLog = serverOutput();
        assertThat(restartLog, restartLog, containsString("event=db_migrated"));
        assertThat(restartLog, restartLog, not(containsString("level=ERROR")));
        assertThat(restartLog, restartLog, not(containsString("level=SEVERE")));
        for (Player player : players.subList(0, 1)) {
            try (Walker again = new Walker(worldUri(), player.token(), player.character(), player.name())) {
                assertThat(
                        "re-joined where the row says",
                        List.of(again.welcome()[0], again.welcome()[1]),
                        is(List.of(storedPosition(player.name())[0], storedPosition(player.name())[1])));
            }
        }
        System.out.println("reliability scenario=kill_9 players=" + PLAYERS + " walked_ms="
                + (3 * PERSIST_INTERVAL.toMillis() + 500) + " persist_interval_ms=" + PERSIST_INTERVAL.toMillis()
                + " max_distance_behind=" + String.format(Locale.ROOT, "%.2f", worst) + " allowed="
                + String.format(Locale.ROOT, "%.2f", allowed) + " corrupt_rows=0 restart_ready_ms=" + restartMs);
    }

    @Test
    @Order(3)
    void sigtermWhilePlayersWalkStoresEveryLastPositionClosesWithServerShutdownAndExitsZero() throws Exception {
        List<Walker> walkers = walkers();
        Thread.sleep(1000);
        long terminated = System.nanoTime();
        server.destroy(); // SIGTERM on Linux
        assertThat("exited within the drain deadline", server.waitFor(60, TimeUnit.SECONDS), is(true));
        long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminated);
        String output = Files.readString(log);
        assertThat(output, server.exitValue(), is(0));
        assertThat("within shutdown.deadline (10 s)", exitMs, lessThan(10_000L));

        double worst = 0;
        for (Walker walker : walkers) {
            walker.halt();
            int code = walker.client().awaitClose();
            assertThat(walker.name(), code, is(1001));
            assertThat(
                    walker.name() + " was told why",
                    walker.client().frames.stream()
                            .anyMatch(f -> f instanceof String text && text.contains("\"code\":\"server_shutdown\"")),
                    is(true));
            // the session closed after its last snapshot: moves that arrived in that last tick still count
            double[] seen = walker.lastSeen();
            double[] stored = storedPosition(walker.name());
            double ahead = Math.hypot(stored[0] - seen[0], stored[1] - seen[1]);
            // plus the fixed point's rounding: a diagonal step of 0.4 rounds each axis to a hundredth (0.36, 0.18
            // for the walkers' direction), which makes it up to 0.0071 longer
            assertThat(walker.name(), ahead, lessThanOrEqualTo(TICK_STEP + ROUNDING));
            worst = Math.max(worst, ahead);
            walker.close();
        }
        System.out.println("reliability scenario=sigterm players=" + PLAYERS + " exit_code=0 exit_ms=" + exitMs
                + " closed_server_shutdown=" + walkers.size() + " max_distance_stored_vs_last_snapshot="
                + String.format(Locale.ROOT, "%.2f", worst));

        List<ShutdownPhase> phases = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        Matcher matcher = STEP.matcher(output);
        while (matcher.find()) {
            phases.add(ShutdownPhase.valueOf(matcher.group(1)));
            steps.add(matcher.group(2));
            outcomes.add(matcher.group(3));
        }
        assertThat(output, phases, is(phases.stream().sorted().toList()));
        assertThat(
                output,
                steps.stream()
                        .filter(List.of("readiness-down", "web-server", "redis", "nats", "db-pool")::contains)
                        .toList(),
                contains("readiness-down", "web-server", "redis", "nats", "db-pool"));
        assertThat(phases.getFirst(), is(ShutdownPhase.STOP_ACCEPTING));
        assertThat(phases.getLast(), is(ShutdownPhase.CLOSE_DATABASE));
        assertThat(output, outcomes, everyItem(is("DONE")));
    }

    private record Player(String token, String character, String name) {}

    private static final List<Player> players = new ArrayList<>();

    /** {@link #PLAYERS} walking players (registered and given a character over REST the first time). */
    private static List<Walker> walkers() throws IOException, InterruptedException {
        while (players.size() < PLAYERS) {
            String email = "walker-" + UUID.randomUUID() + "@example.com";
            String token = JSON.readTree(post(
                            "/v1/auth/register",
                            "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}",
                            null))
                    .get("access_token")
                    .asText();
            String name = "W" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + players.size();
            JsonNode character = JSON.readTree(post("/v1/characters", "{\"name\":\"" + name + "\"}", token));
            players.add(new Player(token, character.get("id").asText(), name));
        }
        List<Walker> walkers = new ArrayList<>();
        for (Player player : players) {
            walkers.add(new Walker(worldUri(), player.token(), player.character(), player.name()));
        }
        return walkers;
    }

    private static String post(String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), is(201));
        return response.body();
    }

    private static URI worldUri() {
        return URI.create("ws://127.0.0.1:" + worldPort);
    }

    private static double[] storedPosition(String name) throws SQLException {
        try (var db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "");
                var select = db.prepareStatement("SELECT x, y FROM characters WHERE name = ?")) {
            select.setString(1, name);
            try (var row = select.executeQuery()) {
                assertThat(name + " has a row", row.next(), is(true));
                return new double[] {row.getDouble(1), row.getDouble(2)};
            }
        }
    }

    /** Rows a crash could have left broken: positions outside the zone (1,000 x 1,000) or not numbers. */
    private static long corruptRows() throws SQLException {
        try (var db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "");
                var count = db.createStatement()
                        .executeQuery("SELECT count(*) FROM characters WHERE NOT (x BETWEEN 0 AND 1000)"
                                + " OR NOT (y BETWEEN 0 AND 1000) OR zone IS NULL OR x = 'NaN' OR y = 'NaN'")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** The exec-form {@code HEALTHCHECK CMD [...]} of the Dockerfile (JSON, which YAML reads too). */
    @SuppressWarnings("unchecked")
    private static List<String> dockerHealthcheck() throws IOException {
        String dockerfile = Files.readString(Path.of("../Dockerfile")).replace("\\\n", " ");
        Matcher matcher = Pattern.compile("(?m)^HEALTHCHECK .*?CMD (\\[.*])$").matcher(dockerfile);
        assertThat("Dockerfile has an exec-form HEALTHCHECK", matcher.find(), is(true));
        return (List<String>) new Yaml().load(matcher.group(1));
    }

    private static int run(List<String> command, int serverPort) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SERVER_PORT", Integer.toString(serverPort));
        Process process = builder.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat("healthcheck finished", process.waitFor(10, TimeUnit.SECONDS), is(true));
        return process.exitValue();
    }

    private static void awaitReady(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            assertThat(serverOutput(), server.isAlive(), is(true));
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new AssertionError("/readyz never answered 200\n" + serverOutput());
    }

    private static void sleep() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String serverOutput() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
