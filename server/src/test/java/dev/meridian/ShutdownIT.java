package dev.meridian;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.meridian.platform.shutdown.ShutdownPhase;
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
import java.util.List;
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
    private static Process server;
    private static Path log;
    private static int port;

    @BeforeAll
    static void launch() throws IOException {
        assertThat(JAR + " exists (integration tests run after package)", Files.isRegularFile(JAR), is(true));
        port = freePort();
        log = Files.createDirectories(Path.of("target/shutdown-it")).resolve(DATABASE + ".log");
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
                        "PT10S"));
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

    @Test
    @Order(2)
    void sigtermRunsTheShutdownStepsInPhaseOrderAndExitsZero() throws Exception {
        server.destroy(); // SIGTERM on Linux
        assertThat("exited within the drain deadline", server.waitFor(60, TimeUnit.SECONDS), is(true));
        String output = Files.readString(log);
        assertThat(output, server.exitValue(), is(0));

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
