package dev.meridian.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meridian.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The /play page in a real headless Chromium against a real server: {@code web/e2e/play.e2e.mjs} (playwright-core)
 * logs two players in, one walks, the other must see it; a screenshot lands in {@code target/e2e/play.png}.
 * Needs Node.js with npm and Debian's Chromium: without them this test fails, it is never skipped.
 */
class PlayPageBrowserIT {
    private static final Duration BROWSER_LIMIT = Duration.ofSeconds(90);
    private static final Duration NPM_CI_LIMIT = Duration.ofSeconds(180);

    /** The module directory: Maven runs tests there. */
    private static final Path MODULE = Path.of("").toAbsolutePath();

    private static final Path REPOSITORY = MODULE.getParent();

    @Test
    void onePlayerWalksAndTheOtherSeesItInTheBrowser() throws Exception {
        Path web = REPOSITORY.resolve("web");
        if (!Files.exists(web.resolve("package.json"))) {
            fail("no web/package.json under " + REPOSITORY + ": run the tests from the repository's server module");
        }
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            fail("Chromium is not installed at " + chromium + ": apt-get install -y chromium (.ci/run does this),"
                    + " or point the CHROMIUM environment variable at a Chromium binary");
        }
        if (!Files.isDirectory(web.resolve("node_modules/playwright-core"))) {
            assertEquals(0, run(web, NPM_CI_LIMIT, List.of("npm", "ci", "--no-audit", "--no-fund")), "npm ci in web/");
        }

        Path screenshot = MODULE.resolve("target/e2e/play.png");
        Files.deleteIfExists(screenshot);
        // CORS as strict as production's: only some other origin is listed. The page is same-origin, so the browser's
        // requests (which carry Origin: <the server itself>) must still pass (docs/browser-client.md).
        try (TestServer server = TestServer.start(Map.of(
                "http.cors.allowed-origins",
                "https://another-site.invalid",
                // shorter than the page's 30 s renewal margin: every connection to the world takes a new
                // access token from the refresh token first, so the drop step sees the page refresh
                "auth.jwt.ttl",
                "PT25S"))) {
            String baseUrl = "http://127.0.0.1:" + server.port();
            List<String> command = List.of("node", "e2e/play.e2e.mjs", baseUrl, screenshot.toString());
            assertEquals(0, run(web, BROWSER_LIMIT, command), "the browser test failed; its output is above");
        }
        assertThat("screenshot " + screenshot, Files.size(screenshot), greaterThan(0L));
    }

    /** Runs a command, copying its output into the test's output as it comes; kills it after {@code limit}. */
    private static int run(Path directory, Duration limit, List<String> command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return fail("cannot run " + command.getFirst() + " (is Node.js with npm installed and on the PATH?)", e);
        }
        Thread copier = Thread.ofVirtual().start(() -> copyOutput(process));
        if (!process.waitFor(limit)) {
            // the browser runs in child processes of node: end them too, or they would outlive the build
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            copier.join(Duration.ofSeconds(5));
            return fail(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
        }
        copier.join(Duration.ofSeconds(5));
        return process.exitValue();
    }

    private static void copyOutput(Process process) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(System.out::println);
        } catch (IOException e) {
            // the process was killed; what it printed so far has been copied
        }
    }
}
