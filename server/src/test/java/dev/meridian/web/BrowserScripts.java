package dev.meridian.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the end-to-end scripts of {@code web/e2e} (playwright-core driving Debian's Chromium) from the tests. Without
 * Node.js, npm or Chromium the test fails, it is never skipped.
 */
final class BrowserScripts {
    private static final Duration BROWSER_LIMIT = Duration.ofSeconds(90);
    private static final Duration NPM_CI_LIMIT = Duration.ofSeconds(180);

    /** The module directory: Maven runs tests there. */
    static final Path MODULE = Path.of("").toAbsolutePath();

    private static final Path WEB = MODULE.getParent().resolve("web");

    private BrowserScripts() {}

    /** Checks Node.js, Chromium and playwright-core (installed by {@code npm ci} when missing). */
    static void prepare() throws InterruptedException {
        if (!Files.exists(WEB.resolve("package.json"))) {
            fail("no web/package.json under " + WEB.getParent()
                    + ": run the tests from the repository's server module");
        }
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            fail("Chromium is not installed at " + chromium + ": apt-get install -y chromium (.ci/run does this),"
                    + " or point the CHROMIUM environment variable at a Chromium binary");
        }
        if (!Files.isDirectory(WEB.resolve("node_modules/playwright-core"))) {
            assertThat("npm ci in web/", run(NPM_CI_LIMIT, List.of("npm", "ci", "--no-audit", "--no-fund")), is(0));
        }
    }

    /** Runs {@code node <script> <arguments>} in {@code web/}; its output goes into the test's output as it comes. */
    static int node(String script, List<String> arguments) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(arguments);
        return run(BROWSER_LIMIT, command);
    }

    /** Runs a command, copying its output into the test's output as it comes; kills it after {@code limit}. */
    private static int run(Duration limit, List<String> command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(WEB.toFile())
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
