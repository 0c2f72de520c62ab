package dev.meridian.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.testing.TestServer;
import dev.meridian.world.WorldFixtures;
import dev.meridian.world.WsTestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The /admin console in a real headless Chromium ({@code web/e2e/admin.e2e.mjs}) against a real server with a bot
 * of this test online: a non-admin is refused and the page says so, the admin sees the bot and kicks it, and here
 * the bot's connection must have closed with the admin's reason. The script also checks that a broadcast of markup
 * reaches /play as plain text and runs nothing. A screenshot lands in {@code target/e2e/admin.png}.
 */
class AdminPageBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "console-admin@e2e.meridian.test";
    private static final String REASON = "kicked by the browser test";

    @Test
    void anAdminSeesTheBotInTheConsoleAndKicksIt() throws Exception {
        BrowserScripts.prepare();
        Path screenshot = BrowserScripts.MODULE.resolve("target/e2e/admin.png");
        Files.deleteIfExists(screenshot);
        try (TestServer server =
                TestServer.start(Map.of("admin.accounts", ADMIN, "world.session.idle-timeout", "PT90S"))) {
            WorldFixtures.Player bot = new WorldFixtures(server).player("e2e_bot", 500, 500);
            try (WsTestClient connection = WsTestClient.connect(
                    URI.create("ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + bot.token()),
                    "meridian.v1.json")) {
                connection.sendText("{\"type\":\"join\",\"character_id\":\"" + bot.character() + "\"}");
                connection.await(String.class, text -> text.contains("\"welcome\""));

                String baseUrl = "http://127.0.0.1:" + server.port();
                assertThat(
                        "the browser test failed; its output is above",
                        BrowserScripts.node(
                                "e2e/admin.e2e.mjs",
                                List.of(baseUrl, ADMIN, bot.name(), REASON, screenshot.toString())),
                        is(0));

                JsonNode told = JSON.readTree(connection.await(String.class, text -> text.contains("\"error\"")));
                assertThat(told.get("code").asText(), is("kicked"));
                assertThat(told.get("message").asText(), is(REASON));
                assertThat(connection.awaitClose(), is(4403));
            }
        }
        assertThat("screenshot " + screenshot, Files.size(screenshot), greaterThan(0L));
    }
}
