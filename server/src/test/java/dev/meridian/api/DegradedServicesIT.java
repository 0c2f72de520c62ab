package dev.meridian.api;

import static dev.meridian.api.AccountsAndCharactersIT.json;
import static dev.meridian.api.AccountsAndCharactersIT.name;
import static dev.meridian.api.AccountsAndCharactersIT.uniqueEmail;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testing.Http;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redis and NATS are optional: with both pointing at a closed port, the API answers exactly as before. */
class DegradedServicesIT {
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        server = TestServer.start(Map.of(
                "redis.uri", "redis://127.0.0.1:" + closed,
                "nats.url", "nats://127.0.0.1:" + closed,
                // one hashing thread and no queue: two logins at once are enough to saturate it
                "auth.hashing.threads", "1",
                "auth.hashing.queue", "0",
                "auth.rate-limit.ip.capacity", "100000",
                "auth.rate-limit.ip.per-minute", "100000"));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    @Test
    void withRedisUnreachableTheListIsStillCorrectAndErrorsAreCounted() {
        String token = token();
        JsonNode first = json(http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token));
        double errors = Metrics.value(server, "character_cache_errors_total", "");
        HttpResponse<String> list = http.get("/v1/characters", token);
        assertThat(list.statusCode(), is(200));
        assertThat(json(list).size(), is(1));
        assertThat(json(list).get(0), is(first));
        assertThat(Metrics.value(server, "character_cache_errors_total", ""), greaterThan(errors));

        JsonNode second = json(http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token));
        HttpResponse<String> again = http.get("/v1/characters", token);
        assertThat(json(again).size(), is(2));
        assertThat(json(again).get(1), is(second));
    }

    @Test
    void withNatsUnreachableCreateStillAnswers201AndTheEventIsCountedAsDropped() throws InterruptedException {
        String token = token();
        double dropped = Metrics.value(server, "events_dropped_total", "reason=\"nats_unavailable\"");
        HttpResponse<String> created = http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token);
        assertThat(created.statusCode(), is(201));
        // the publisher drops off the request path: wait (bounded) for its counter, not for a time
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Metrics.value(server, "events_dropped_total", "reason=\"nats_unavailable\"") <= dropped
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Metrics.value(server, "events_dropped_total", "reason=\"nats_unavailable\""), greaterThan(dropped));
    }

    @Test
    void whenPasswordHashingIsSaturatedLoginsGet503WithRetryAfter() throws InterruptedException {
        List<HttpResponse<String>> refused = new CopyOnWriteArrayList<>();
        // concurrent logins against one hashing thread without a queue: all but one are refused while it works
        for (int round = 0; round < 20 && refused.isEmpty(); round++) {
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    HttpResponse<String> response = http.postJson(
                            "/v1/auth/login",
                            "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"correct horse battery\"}");
                    if (response.statusCode() == 503) {
                        refused.add(response);
                    }
                }));
            }
            for (Thread caller : callers) {
                caller.join();
            }
        }
        assertThat("no 503 in 20 rounds of 6 concurrent logins", refused.isEmpty(), is(false));
        HttpResponse<String> response = refused.getFirst();
        assertThat(json(response).get("error").asText(), is("overloaded"));
        assertThat(response.headers().firstValue("retry-after").orElse(""), is("1"));
    }

    /**
     * A registered account's token. This server has one hashing thread and no queue; a registration that starts after
     * the saturation test's last answer arrived finds the thread free (HashingPool frees it before answering).
     */
    private static String token() {
        HttpResponse<String> response = http.postJson(
                "/v1/auth/register", "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"correct horse battery\"}");
        assertThat(response.body(), response.statusCode(), is(201));
        return json(response).get("access_token").asText();
    }
}
