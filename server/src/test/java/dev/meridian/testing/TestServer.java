package dev.meridian.testing;

import dev.meridian.Main;
import dev.meridian.Meridian;
import dev.meridian.account.adapters.JwtAccessTokens;
import dev.meridian.account.adapters.JwtSettings;
import dev.meridian.account.app.AccessTokens;
import dev.meridian.platform.tracing.Tracing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Meridian server on a free port, started through {@link Main#start} like production, with a database of its
 * own (created by the dev profile, dropped on close) so test classes never see each other's rows. The one harness:
 * the SDK's server tests use it too (the server's test-jar).
 */
public final class TestServer implements AutoCloseable {
    /** The JWT secret of every test server, so tests can mint tokens (including forged and expired ones). */
    public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

    private final Meridian meridian;
    private final String database;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(Meridian meridian, String database) {
        this.meridian = meridian;
        this.database = database;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** @param overrides config keys to override, e.g. {@code db.port} pointing at a closed port */
    public static TestServer start(Map<String, String> overrides) {
        return start(overrides, Tracing.off());
    }

    /** @param tracing where the server's spans go (e.g. {@code Tracing.exportingTo(InMemorySpanExporter)}) */
    public static TestServer start(Map<String, String> overrides, Tracing tracing) {
        String database =
                "meridian_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, String> config = new HashMap<>();
        config.put("server.port", "0");
        config.put("world.port", "0");
        config.put("server.host", "127.0.0.1");
        config.put("server.access-log", "false");
        config.put("db.name", database);
        config.put("shutdown.deadline", "PT10S");
        config.put("auth.jwt.secret", JWT_SECRET);
        // every server publishes on its own subjects, so parallel test runs never see each other's events
        config.put("nats.subject-prefix", database);
        // joins are refused only while an event loop was late through the whole window: on the shared test machine
        // (load 10-20 on two cores) loops are often late for a share of the window that would turn the tests' joins
        // away; the admission by lag has tests of its own (LoopLagTest, WorldSessionTest), docs/reliability.md
        config.put("world.overload.lag-share", "1");
        config.putAll(overrides);
        return new TestServer(Main.start(Main.config(config), tracing), database.toLowerCase(Locale.ROOT));
    }

    public Meridian meridian() {
        return meridian;
    }

    /** Tokens exactly as this server issues them, for tests that skip the REST login. */
    public AccessTokens tokens() {
        return new JwtAccessTokens(JwtSettings.from(
                Main.config(Map.of("auth.jwt.secret", JWT_SECRET)).get("auth.jwt"), false));
    }

    public int port() {
        return meridian.port();
    }

    /** The realtime world's port (WebSocket and gRPC). */
    public int worldPort() {
        return meridian.worldPort();
    }

    /** The base URL clients take, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** A plain GET, for tests that only look at status and body. */
    public HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code /readyz} (up to 10 s) until its body satisfies {@code condition}; returns the last response. */
    public HttpResponse<String> awaitReadiness(Predicate<String> condition) {
        return awaitGet("/readyz", response -> condition.test(response.body()));
    }

    /** Polls GET {@code path} (up to 10 s) until its response satisfies {@code condition}; returns the last one. */
    public HttpResponse<String> awaitGet(String path, Predicate<HttpResponse<String>> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> response = get(path);
        while (!condition.test(response) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            response = get(path);
        }
        return response;
    }

    /** The NATS subject prefix of this server (unique per test server). */
    public String subjectPrefix() {
        return database;
    }

    /** The name of this server's own database (another server may share it: {@code db.name}). */
    public String database() {
        return database;
    }

    /** The JDBC URL of this server's own database, for tests that check what was stored. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    @Override
    public void close() {
        meridian.stop();
        http.close();
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var drop = admin.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            // the server under test may have pointed at a closed port: then nothing was created
        }
    }
}
