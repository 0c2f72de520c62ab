package dev.meridian.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import dev.meridian.testing.ClusterNode;
import dev.meridian.testing.TestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The /play page in a real headless Chromium against a real server: {@code web/e2e/play.e2e.mjs} (playwright-core)
 * logs two players in, one walks, the other must see it, then walks through a portal into another zone; screenshots
 * land in {@code target/e2e/play.png} and {@code play-forest.png}.
 * Needs Node.js with npm and Debian's Chromium: without them this test fails, it is never skipped.
 */
class PlayPageBrowserIT {

    @Test
    void onePlayerWalksAndTheOtherSeesItInTheBrowser() throws Exception {
        BrowserScripts.prepare();
        Path screenshot = BrowserScripts.MODULE.resolve("target/e2e/play.png");
        Files.deleteIfExists(screenshot);
        // CORS as strict as production's: only some other origin is listed. The page is same-origin, so the browser's
        // requests (which carry Origin: <the server itself>) must still pass (docs/browser-client.md).
        try (TestServer server = TestServer.start(Map.of(
                "http.cors.allowed-origins",
                "https://another-site.invalid",
                // shorter than the page's 30 s renewal margin: every connection to the world takes a new
                // access token from the refresh token first, so the drop step sees the page refresh
                "auth.jwt.ttl",
                "PT25S",
                // starter's gate to forest moved beside the spawn point (500, 500): a few seconds' walk east
                "world.map.zones.0.portals.0.x",
                "520",
                "world.map.zones.0.portals.0.y",
                "470",
                "world.map.zones.0.portals.0.height",
                "60"))) {
            String baseUrl = "http://127.0.0.1:" + server.port();
            assertThat(
                    "the browser test failed; its output is above",
                    BrowserScripts.node("e2e/play.e2e.mjs", List.of(baseUrl, screenshot.toString())),
                    is(0));
        }
        assertThat("screenshot " + screenshot, Files.size(screenshot), greaterThan(0L));
    }

    /**
     * Two world nodes sharing the world: one runs starter, the other the rest and serves the page. The page follows the
     * join's redirect to the starter node and the portal's redirect back into forest by itself.
     */
    @Test
    void thePageFollowsRedirectsBetweenTwoWorldNodes() throws Exception {
        BrowserScripts.prepare();
        Path screenshot = BrowserScripts.MODULE.resolve("target/e2e/play-redirect.png");
        Files.deleteIfExists(screenshot);
        String bucket = "play-redirect-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestServer starter = TestServer.start(node("starter-node", bucket, "starter", Map.of()));
                TestServer rest = TestServer.start(
                        node("rest-node", bucket, "forest,harbor,caves", Map.of("db.name", starter.database())))) {
            ClusterNode.awaitZones(starter, "starter");
            ClusterNode.awaitZones(rest, "forest,harbor,caves");
            // the page comes from the rest node: it must already know the starter node, which the join redirects to
            ClusterNode.awaitPeerInPage(rest, starter, "/play/");
            String baseUrl = "http://127.0.0.1:" + rest.port();
            assertThat(
                    "the browser test failed; its output is above",
                    BrowserScripts.node("e2e/play-redirect.e2e.mjs", List.of(baseUrl, screenshot.toString())),
                    is(0));
        } finally {
            Connection nats = Nats.connect("nats://127.0.0.1:4222");
            try {
                nats.keyValueManagement().delete(bucket);
            } finally {
                nats.close();
            }
        }
        assertThat("screenshot " + screenshot, Files.size(screenshot), greaterThan(0L));
    }

    /** A node of a two-node world running {@code zones}, with starter's gate to forest beside the spawn point. */
    private static Map<String, String> node(String id, String bucket, String zones, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                "world.zones.host",
                zones,
                "world.map.zones.0.portals.0.x",
                "520",
                "world.map.zones.0.portals.0.y",
                "470",
                "world.map.zones.0.portals.0.height",
                "60"));
        config.putAll(extra);
        return ClusterNode.config(id, bucket, config);
    }
}
