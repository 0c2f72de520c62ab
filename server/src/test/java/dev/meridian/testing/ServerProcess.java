package dev.meridian.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged server ({@code target/meridian-server.jar}) in a process of its own, configured by environment variables
 * only, on free ports that stay the same across restarts; each launch writes its own log file. For integration tests
 * that need what an in-process server cannot give: kill -9, SIGSTOP, several nodes.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target/meridian-server.jar");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path logDirectory;
    private final Map<String, String> environment = new HashMap<>();
    private final int port;
    private final int worldPort;
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    /** @param environment the server's configuration; the ports, hosts and advertised addresses are added here */
    public ServerProcess(String name, Path logDirectory, Map<String, String> environment) {
        this.name = name;
        this.logDirectory = logDirectory;
        this.port = freePort();
        this.worldPort = freePort();
        // as in TestServer: the machine's load must not turn the tests' joins away (docs/reliability.md)
        this.environment.put("WORLD_OVERLOAD_LAG_dash_SHARE", "1");
        this.environment.putAll(environment);
        this.environment.putAll(Map.of(
                "SERVER_HOST",
                "127.0.0.1",
                "SERVER_PORT",
                Integer.toString(port),
                "WORLD_HOST",
                "127.0.0.1",
                "WORLD_PORT",
                Integer.toString(worldPort),
                "WORLD_ADVERTISE_WEBSOCKET_dash_URL",
                websocketUrl(),
                "WORLD_ADVERTISE_GRPC_dash_TARGET",
                "127.0.0.1:" + worldPort));
    }

    /** Launches the server (again: same ports, a new log file) and waits up to 90 s until {@code /readyz} is 200. */
    public ServerProcess start() throws IOException {
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx256m",
                        "-jar",
                        JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        awaitReadiness(body -> true, Duration.ofSeconds(90));
        return this;
    }

    /** Polls {@code /readyz} until it answers 200 with a body that satisfies {@code condition}; fails after {@code wait}. */
    public String awaitReadiness(Predicate<String> condition, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited\n" + output());
            }
            try {
                HttpResponse<String> ready = get("/readyz");
                last = ready.body();
                if (ready.statusCode() == 200 && condition.test(last)) {
                    return last;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            pause(Duration.ofMillis(25));
        }
        throw new AssertionError(name + ": /readyz never satisfied the condition; last: " + last + "\n" + output());
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL");
        }
    }

    /** Waits up to {@code wait} for the process to end by itself (after a SIGTERM); its exit code. */
    public int awaitExit(Duration wait) throws InterruptedException {
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + wait + "\n" + output());
        }
        return process.exitValue();
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) to the process. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The world's base URI, {@code ws://127.0.0.1:port}. */
    public URI worldUri() {
        return URI.create("ws://127.0.0.1:" + worldPort);
    }

    /** The WebSocket URL this node advertises (and redirects point at). */
    public String websocketUrl() {
        return "ws://127.0.0.1:" + worldPort + "/v1/world/ws";
    }

    /** The log files of every launch, oldest first. */
    public List<Path> logs() {
        return List.copyOf(logs);
    }

    /** What the current launch has logged so far. */
    public String output() {
        try {
            return Files.readString(logs.getLast());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (alive()) {
            // a stopped process does not die of SIGKILL until it runs again
            signalQuietly("CONT");
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signalQuietly(String signal) {
        try {
            signal(signal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
