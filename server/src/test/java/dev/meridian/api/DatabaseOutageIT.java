package dev.meridian.api;

import static dev.meridian.api.AccountsAndCharactersIT.json;
import static dev.meridian.api.AccountsAndCharactersIT.uniqueEmail;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import dev.meridian.testing.Http;
import dev.meridian.testing.LogRecords;
import dev.meridian.testing.TestServer;
import dev.meridian.testing.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * With Postgres unreachable every route that needs it answers 503 {@code unavailable} with {@code Retry-After}
 * within {@code db.connect-timeout}, and the log says so once, without a stack trace per request.
 */
class DatabaseOutageIT {
    private static final long CONNECT_TIMEOUT_MS = 1000;
    /** Scheduling and HTTP on a loaded 2-core machine: generous, still far below a hang. */
    private static final long SLACK_MS = 2000;

    @Test
    void everyDatabaseRouteAnswers503UnavailableWithinTheConnectTimeout() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (TestServer server = TestServer.start(Map.of(
                        "db.port",
                        String.valueOf(closed),
                        "db.connect-timeout",
                        "PT" + CONNECT_TIMEOUT_MS / 1000.0 + "S",
                        "auth.rate-limit.ip.capacity",
                        "100000",
                        "auth.rate-limit.ip.per-minute",
                        "100000"));
                Http http = new Http(server);
                // after the start: Helidon's logging setup at start replaces the root logger's handlers
                LogRecords logs = LogRecords.capture()) {
            String credentials = "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"correct horse battery\"}";
            String token = Tokens.hs256(Tokens.claims(UUID.randomUUID().toString()));
            String character = "/v1/characters/" + UUID.randomUUID();
            assertUnavailable(() -> http.postJson("/v1/auth/login", credentials));
            assertUnavailable(() -> http.postJson("/v1/auth/register", credentials));
            assertUnavailable(() -> http.get("/v1/characters", token));
            assertUnavailable(() -> http.postJson("/v1/characters", "{\"name\":\"Ada\"}", token));
            assertUnavailable(() -> http.get(character, token));
            assertThat(server.get("/readyz").statusCode(), is(503));

            assertThat(logs.describe(), logs.count("event=db_unavailable source=request"), is(1L));
            assertThat(logs.describe(), logs.withStackTraces(), is(empty()));
        }
    }

    private static void assertUnavailable(Supplier<HttpResponse<String>> call) {
        long started = System.nanoTime();
        HttpResponse<String> response = call.get();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(
                "reliability scenario=db_unreachable route=" + response.uri().getPath() + " status="
                        + response.statusCode() + " connect_timeout_ms=" + CONNECT_TIMEOUT_MS + " ms=" + millis);
        assertThat(response.uri() + " " + response.body(), response.statusCode(), is(503));
        assertThat(json(response).get("error").asText(), is("unavailable"));
        assertThat(response.headers().firstValue("retry-after").orElse(""), is("5"));
        assertThat(response.uri() + " took " + millis + " ms", millis, lessThan(CONNECT_TIMEOUT_MS + SLACK_MS));
    }
}
