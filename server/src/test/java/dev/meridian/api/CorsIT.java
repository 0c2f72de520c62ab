package dev.meridian.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.meridian.testing.Http;
import dev.meridian.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS through Helidon's feature: the configured origins get the headers, every other origin does not. */
class CorsIT {
    private static final String ALLOWED = "https://play.example.com";
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("http.cors.allowed-origins", ALLOWED));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnswered() {
        HttpResponse<String> response = preflight(ALLOWED);
        assertThat(response.statusCode(), is(200));
        assertThat(header(response, "access-control-allow-origin"), is(Optional.of(ALLOWED)));
        assertThat(allowedMethods(response), is(List.of("GET", "POST", "PATCH", "DELETE")));
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoCorsHeaders() {
        HttpResponse<String> response = preflight("https://evil.example.com");
        assertThat(header(response, "access-control-allow-origin"), is(Optional.empty()));
    }

    @Test
    void anActualRequestFromAnAllowedOriginCarriesTheHeader() {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/v1/characters"))
                .header("Origin", ALLOWED)
                .GET()
                .build());
        assertThat(response.statusCode(), is(401));
        assertThat(header(response, "access-control-allow-origin"), is(Optional.of(ALLOWED)));
    }

    @Test
    void outsideTheDevProfileNoOriginIsAllowedByDefault() {
        try (TestServer prod = TestServer.start(Map.of("meridian.profile", "prod", "db.create-if-missing", "true"));
                Http prodHttp = new Http(prod)) {
            HttpResponse<String> response = preflight(prodHttp, ALLOWED);
            assertThat(header(response, "access-control-allow-origin"), is(Optional.empty()));
            HttpResponse<String> actual = prodHttp.send(HttpRequest.newBuilder(prodHttp.uri("/v1/characters"))
                    .header("Origin", ALLOWED)
                    .GET()
                    .build());
            assertThat(header(actual, "access-control-allow-origin"), is(Optional.empty()));
        }
    }

    private static HttpResponse<String> preflight(String origin) {
        return preflight(http, origin);
    }

    private static HttpResponse<String> preflight(Http http, String origin) {
        return http.send(HttpRequest.newBuilder(http.uri("/v1/characters"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /**
     * Every value of {@code Access-Control-Allow-Methods}, as a browser reads them: the REST port speaks HTTP/1.1 and
     * Helidon writes one header line per method, which a client must join (RFC 9110, section 5.3).
     */
    private static List<String> allowedMethods(HttpResponse<String> response) {
        return response.headers().allValues("access-control-allow-methods").stream()
                .flatMap(line -> Arrays.stream(line.split(",")))
                .map(String::strip)
                .toList();
    }

    private static Optional<String> header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name);
    }
}
