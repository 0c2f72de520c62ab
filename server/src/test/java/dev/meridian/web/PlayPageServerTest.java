package dev.meridian.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.meridian.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlayPageServerTest {
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
    void pageIsServedWithAPolicyThatAllowsOnlyThisServer() {
        HttpResponse<String> response = server.get("/play/");
        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("content-type").orElseThrow(), startsWith("text/html"));
        assertThat(response.body(), containsString("<script type=\"module\" src=\"main.js\"></script>"));
        // the world listens on a port of its own: the page may connect there and nowhere else
        String world = "ws://127.0.0.1:" + server.worldPort();
        assertThat(
                response.headers().firstValue("content-security-policy").orElseThrow(),
                is("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' "
                        + world + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"));
        assertThat(response.headers().firstValue("x-content-type-options").orElseThrow(), is("nosniff"));
    }

    @Test
    void modulesAreJavaScriptUnderTheSamePolicy() {
        HttpResponse<String> response = server.get("/play/main.js");
        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("content-type").orElseThrow(), containsString("javascript"));
        assertThat(response.headers().firstValue("content-security-policy").isPresent(), is(true));
    }

    @Test
    void pathWithoutTrailingSlashRedirectsToThePage() {
        HttpResponse<String> response = server.get("/play");
        assertThat(response.statusCode(), is(301));
        assertThat(response.headers().firstValue("location").orElseThrow(), is("/play/"));
    }

    @Test
    void missingFileIsTheApiNotFound() {
        HttpResponse<String> response = server.get("/play/no-such-file.js");
        assertThat(response.statusCode(), is(404));
        assertThat(response.body(), containsString("\"error\":\"not_found\""));
    }

    @Test
    void policyLeavesOutAHostThatCouldInjectSources() {
        String policy = BrowserPage.contentSecurityPolicy(List.of("ws://evil.example; script-src *"));
        assertThat(policy, containsString("connect-src 'self'; "));
        assertThat(policy, not(containsString("evil")));
    }

    @Test
    void policyNamesEveryWorldNodeAPageMayBeRedirectedTo() {
        String policy = BrowserPage.contentSecurityPolicy(
                List.of("ws://world-0.example:8081", "wss://world-1.example", "ws://evil.example; script-src *"));
        assertThat(policy, containsString("connect-src 'self' ws://world-0.example:8081 wss://world-1.example; "));
        assertThat(policy, not(containsString("evil")));
    }
}
