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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a new user found by trying odd inputs (issue 15): each answers 4xx in the documented shape, never 500. */
class HostileInputIT {
    private static final String PASSWORD = "correct horse battery";

    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "http.header-timeout", "PT1S",
                "server.idle-connection-timeout", "PT2S",
                "server.idle-connection-period", "PT0.5S",
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
    void deeplyNestedJsonAndHugeNumbersAre400InvalidJson() {
        for (String body : List.of(
                "[".repeat(5000),
                "{\"a\":".repeat(1500) + "1" + "}".repeat(1500),
                "{\"email\":" + "9".repeat(5000) + "}",
                "{\"email\":\"ada@example.com\",\"password\":" + "1".repeat(200) + "}")) {
            HttpResponse<String> response = http.postJson("/v1/auth/register", body);
            assertThat(response.body(), response.statusCode(), is(400));
            assertThat(json(response).get("error").asText(), is("invalid_json"));
            assertThat(json(response).get("fields").has("body"), is(true));
        }
    }

    @Test
    void anEmailWithANulCharacterIs400() {
        HttpResponse<String> response = http.postJson(
                "/v1/auth/register",
                "{\"email\":\"ada\\u0000" + uniqueEmail() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(response.body(), response.statusCode(), is(400));
        assertThat(json(response).get("error").asText(), is("validation_failed"));
        assertThat(json(response).get("fields").get("email").asText(), is("must be an email address"));
    }

    @Test
    void passwordsWithUnpairedSurrogatesAre400AndCannotBeMatchedByOtherStrings() {
        String email = uniqueEmail();
        HttpResponse<String> register = http.postJson(
                "/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"abcdefghijkl\\ud800\"}");
        assertThat(register.body(), register.statusCode(), is(400));
        assertThat(json(register).get("fields").get("password").asText(), is("must be valid Unicode text"));
        HttpResponse<String> login =
                http.postJson("/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"abcdefghijkl\\udfff\"}");
        assertThat(login.body(), login.statusCode(), is(400));
        // nothing was registered, so the lossy '?' form matches nothing either
        HttpResponse<String> lossy =
                http.postJson("/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"abcdefghijkl?\"}");
        assertThat(lossy.body(), lossy.statusCode(), is(401));
    }

    @Test
    void aPasswordLogsInWhateverItsUnicodeSpelling() {
        String email = uniqueEmail();
        HttpResponse<String> register = http.postJson(
                "/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"ｃｏｒｒｅｃｔ horse battery\"}");
        assertThat(register.body(), register.statusCode(), is(201));
        HttpResponse<String> login =
                http.postJson("/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.body(), login.statusCode(), is(200));
    }

    @Test
    void mediaTypesAreCaseInsensitiveAndOnlyUtf8IsAccepted() {
        String body = "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"" + PASSWORD + "\"}";
        HttpResponse<String> upper = http.post("/v1/auth/register", body, Optional.empty(), "APPLICATION/JSON");
        assertThat(upper.body(), upper.statusCode(), is(201));
        HttpResponse<String> utf8 =
                http.post("/v1/auth/login", body, Optional.empty(), "Application/Json; Charset=\"UTF-8\"");
        assertThat(utf8.body(), utf8.statusCode(), is(200));
        HttpResponse<String> utf16 =
                http.post("/v1/auth/login", body, Optional.empty(), "application/json; charset=utf-16");
        assertThat(utf16.body(), utf16.statusCode(), is(415));
        assertThat(json(utf16).get("error").asText(), is("unsupported_media_type"));
    }

    @Test
    void halfSentHeadersAreClosedAfterTheHeaderTimeoutWithoutStackTraces() throws IOException {
        try (LogRecords logs = LogRecords.capture()) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    OutputStream out = socket.getOutputStream();
                    // a request line and one header, then nothing: the end of the headers never comes
                    out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket.setSoTimeout(10_000);
                    sockets.add(socket);
                }
                long started = System.nanoTime();
                for (Socket socket : sockets) {
                    assertThat("closed by the server", closedByServer(socket), is(true));
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(millis, lessThan(5_000L));
                System.out.println("reliability scenario=half_sent_headers connections=" + sockets.size()
                        + " header_timeout_ms=1000 all_closed_after_ms=" + millis);
                // a kept-alive connection that sends no next request is closed by Helidon's idle-connection-timeout
                try (Socket idle = new Socket("127.0.0.1", server.port())) {
                    idle.getOutputStream()
                            .write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    idle.setSoTimeout(10_000);
                    InputStream in = idle.getInputStream();
                    byte[] answer = new byte[512];
                    int read = in.read(answer);
                    assertThat(
                            new String(answer, 0, Math.max(0, read), StandardCharsets.US_ASCII)
                                    .startsWith("HTTP/1.1 200"),
                            is(true));
                    in.skip(in.available());
                    long idleSince = System.nanoTime();
                    assertThat("closed by the server", closedByServer(idle), is(true));
                    System.out.println("reliability scenario=idle_keep_alive idle_timeout_ms=2000 period_ms=500"
                            + " closed_after_ms=" + (System.nanoTime() - idleSince) / 1_000_000);
                }
                assertThat(server.get("/healthz").statusCode(), is(200));
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            assertThat(logs.describe(), logs.withStackTraces(), is(empty()));
        }
    }

    @Test
    void clientsThatDropHalfSentRequestsLeaveNoStackTraces() throws IOException, InterruptedException {
        try (LogRecords logs = LogRecords.capture()) {
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.getOutputStream()
                            .write(("POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                            + (i % 2 == 0 ? "" : "Content-Length: 100\r\n\r\n{\"email\":")
                                            + "")
                                    .getBytes(StandardCharsets.US_ASCII));
                    if (i % 4 < 2) {
                        socket.setSoLinger(true, 0); // a reset instead of a FIN
                    }
                }
            }
            Thread.sleep(1500);
            assertThat(server.get("/healthz").statusCode(), is(200));
            assertThat(logs.describe(), logs.withStackTraces(), is(empty()));
        }
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            int b = in.read();
            while (b != -1) {
                b = in.read();
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // reset: also a close by the server
            return true;
        }
    }
}
