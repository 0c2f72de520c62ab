package dev.meridian;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.meridian.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperationsServerTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthzAnswersUp() {
        HttpResponse<String> response = server.get("/healthz");
        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), is("{\"status\":\"UP\"}"));
    }

    @Test
    void readyzReportsEveryCheckWhenAllAreUp() {
        // Redis and NATS connect in the background after start; readiness reports them once they answered
        HttpResponse<String> response = server.awaitReadiness(
                body -> body.contains("\"nats\":{\"status\":\"UP\"") && body.contains("\"redis\":{\"status\":\"UP\""));
        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(response.body(), containsString("\"postgres\":{\"status\":\"UP\",\"gating\":true}"));
        assertThat(response.body(), containsString("\"redis\":{\"status\":\"UP\",\"gating\":false}"));
        assertThat(response.body(), containsString("\"nats\":{\"status\":\"UP\",\"gating\":false}"));
        assertThat(
                response.body(),
                containsString("\"world\":{\"status\":\"UP\",\"gating\":false,"
                        + "\"details\":{\"mode\":\"single-node\",\"zones\":\"starter,forest,harbor,caves\"}}"));
    }

    @Test
    void metricsArePrometheusTextWithRequestTimersAndPoolGauges() {
        server.get("/healthz");
        HttpResponse<String> response = server.get("/metrics");
        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("content-type").orElse(""), containsString("text/plain"));
        assertThat(response.body(), containsString("http_server_requests_seconds_count{"));
        assertThat(response.body(), containsString("route=\"/healthz\""));
        assertThat(response.body(), containsString("db_pool_active"));
        assertThat(response.body(), containsString("memory_usedHeap_bytes"));
    }

    @Test
    void everyResponseCarriesARequestIdAndUnknownRoutesAreJson404() {
        HttpResponse<String> response = server.get("/no/such/route");
        assertThat(response.statusCode(), is(404));
        assertThat(response.body(), is("{\"error\":\"not_found\",\"message\":\"No such resource\"}"));
        assertThat(response.headers().firstValue("x-request-id").orElse(""), not(is("")));
    }

    @Test
    void readyzIs503WhenPostgresIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestServer noDatabase = TestServer.start(Map.of("db.port", Integer.toString(closedPort)))) {
            HttpResponse<String> response = noDatabase.get("/readyz");
            assertThat(response.statusCode(), is(503));
            assertThat(response.body(), containsString("\"postgres\":{\"status\":\"DOWN\",\"gating\":true}"));
            assertThat(noDatabase.get("/healthz").statusCode(), is(200));
        }
    }
}
