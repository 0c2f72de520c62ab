package dev.meridian;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meridian.testing.MonitoringFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus files of {@code ops/prometheus} are valid and their alerts fire when they should: {@code promtool
 * check rules}, {@code promtool check config} and {@code promtool test rules} (the unit tests in {@code *test*.yml},
 * synthetic series). Needs Debian's {@code prometheus} package (promtool): without it this test fails, it is never
 * skipped; {@code .ci/run} installs it.
 */
class AlertRulesTest {
    private static final String PROMTOOL = System.getenv().getOrDefault("PROMTOOL", "promtool");

    @Test
    void rulesAreValid() {
        List<Path> rules = MonitoringFiles.ruleFiles();
        assertThat(rules, not(empty()));
        List<String> command = new ArrayList<>(List.of(PROMTOOL, "check", "rules"));
        rules.forEach(file -> command.add(file.toString()));
        promtool(MonitoringFiles.prometheus(), command);
    }

    @Test
    void alertsFireOnTheirUnitTestsSeries() {
        List<Path> tests = MonitoringFiles.ruleTestFiles();
        assertThat(tests, not(empty()));
        List<String> command = new ArrayList<>(List.of(PROMTOOL, "test", "rules"));
        tests.forEach(file -> command.add(file.getFileName().toString()));
        promtool(MonitoringFiles.prometheus(), command);
    }

    @Test
    void everyAlertHasAUnitTestAndASeverity() {
        Set<String> tested = new TreeSet<>();
        for (Path file : MonitoringFiles.ruleTestFiles()) {
            collectTestedAlerts(MonitoringFiles.yaml(file), tested);
        }
        List<String> untested = new ArrayList<>();
        for (Path file : MonitoringFiles.ruleFiles()) {
            for (Map<String, Object> rule : rules(file)) {
                String alert = rule.get("alert").toString();
                if (!tested.contains(alert)) {
                    untested.add(alert);
                }
                Object labels = rule.get("labels");
                assertThat(
                        alert + " severity",
                        labels instanceof Map<?, ?> map
                                && List.of("page", "ticket").contains(map.get("severity")),
                        is(true));
            }
        }
        assertThat("alerts without a promtool unit test", untested, is(empty()));
    }

    /** The compose profile's Prometheus configuration loads (with the rules at the path compose mounts them). */
    @Test
    void composePrometheusConfigIsValid() throws IOException {
        Path dir = Files.createTempDirectory("prometheus-config");
        try {
            Path rules = dir.resolve("alerts.yml");
            Files.copy(MonitoringFiles.prometheus().resolve("alerts.yml"), rules);
            String config = Files.readString(MonitoringFiles.prometheus().resolve("prometheus.yml"))
                    .replace("/etc/prometheus/alerts.yml", rules.toString());
            Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
            promtool(dir, List.of(PROMTOOL, "check", "config", configFile.toString()));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Path file) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group :
                (List<Map<String, Object>>) MonitoringFiles.yaml(file).get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static void collectTestedAlerts(Map<String, Object> testFile, Set<String> tested) {
        for (Map<String, Object> test : (List<Map<String, Object>>) testFile.get("tests")) {
            for (Map<String, Object> check :
                    (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
                if (!((List<?>) check.getOrDefault("exp_alerts", List.of())).isEmpty()) {
                    tested.add(check.get("alertname").toString());
                }
            }
        }
    }

    private static void promtool(Path directory, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            fail(
                    "cannot run " + PROMTOOL + ": install Debian's prometheus package (apt-get install -y prometheus;"
                            + " .ci/run does this) or point the PROMTOOL environment variable at a promtool binary",
                    e);
            return;
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            assertThat(String.join(" ", command) + "\n" + output, process.exitValue(), is(0));
        } catch (IOException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
    }
}
