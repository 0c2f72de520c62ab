package dev.meridian;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.testing.Http;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.MonitoringFiles;
import dev.meridian.testing.TestServer;
import dev.meridian.world.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No alert watches, and no dashboard panel shows, a metric the server does not expose: a real server serves a player
 * (register, login, create a character, join the world), then every metric name read by {@code ops/prometheus} rules
 * and {@code ops/grafana} dashboards must be on its {@code /metrics}.
 */
class MonitoringMetricsServerTest {
    /** Series Prometheus makes itself, not the server. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Set<String> exposed;

    @BeforeAll
    static void serveAPlayer() throws IOException {
        server = TestServer.start();
        try (Http http = new Http(server)) {
            String email = "monitoring-" + System.nanoTime() + "@example.test";
            String credentials = "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}";
            assertThat(http.postJson("/v1/auth/register", credentials).statusCode(), is(201));
            HttpResponse<String> login = http.postJson("/v1/auth/login", credentials);
            assertThat(login.body(), login.statusCode(), is(200));
            String token = JSON.readTree(login.body()).get("access_token").asText();
            HttpResponse<String> created =
                    http.postJson("/v1/characters", "{\"name\":\"Watcher\",\"class\":\"mage\"}", token);
            assertThat(created.body(), created.statusCode(), is(201));
            String character = JSON.readTree(created.body()).get("id").asText();
            assertThat(http.get("/v1/characters", token).statusCode(), is(200));
            try (WsTestClient client = WsTestClient.connect(
                    URI.create("ws://127.0.0.1:" + server.worldPort() + "/v1/world/ws?token=" + token))) {
                client.sendText("{\"type\":\"join\",\"character_id\":\"" + character + "\"}");
                client.await(String.class, text -> type(text).equals("welcome"));
                client.await(String.class, text -> type(text).equals("snapshot"));
            }
        }
        exposed = Metrics.names(server.get("/metrics").body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyMetricOfTheAlertRulesExists() {
        List<String> missing = new ArrayList<>();
        for (Path file : MonitoringFiles.ruleFiles()) {
            missing.addAll(missing(file, MonitoringFiles.ruleExpressions(file)));
        }
        assertThat("metrics the alert rules read that /metrics does not expose", missing, is(empty()));
    }

    @Test
    void everyMetricOfTheDashboardsExists() {
        List<Path> dashboards = MonitoringFiles.dashboards();
        assertThat(dashboards, not(empty()));
        List<String> missing = new ArrayList<>();
        for (Path file : dashboards) {
            List<String> expressions = MonitoringFiles.dashboardExpressions(file);
            assertThat(file + " has queries", expressions, not(empty()));
            missing.addAll(missing(file, expressions));
        }
        assertThat("metrics the dashboards read that /metrics does not expose", missing, is(empty()));
    }

    /** The compose profile mounts files that exist, and the datasource the dashboard names is the provisioned one. */
    @Test
    void composeObservabilityProfileMountsTheOpsFiles() throws IOException {
        Path root = MonitoringFiles.root();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>)
                MonitoringFiles.yaml(root.resolve("docker-compose.yml")).get("services");
        for (String name : List.of("prometheus", "grafana")) {
            Map<String, Object> service = services.get(name);
            assertThat(name + " is a compose service", service != null, is(true));
            assertThat(name + " profiles", service.get("profiles"), is(List.of("observability")));
            for (Object volume : (List<?>) service.get("volumes")) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(name + " mounts " + source, Files.exists(root.resolve(source)), is(true));
                }
            }
        }
        Map<String, Object> datasources =
                MonitoringFiles.yaml(root.resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasources.get("datasources").toString().contains("type=prometheus"), is(true));
        for (Path dashboard : MonitoringFiles.dashboards()) {
            JsonNode json = JSON.readTree(dashboard.toFile());
            Set<Integer> ids = new TreeSet<>();
            for (JsonNode panel : json.path("panels")) {
                assertThat(
                        dashboard + " panel ids are unique",
                        ids.add(panel.path("id").asInt()),
                        is(true));
            }
        }
    }

    private static List<String> missing(Path file, List<String> expressions) {
        List<String> missing = new ArrayList<>();
        for (String expression : expressions) {
            for (String name : MonitoringFiles.metricNames(expression)) {
                if (!exposed.contains(name) && !PROMETHEUS_OWN.contains(name)) {
                    missing.add(file.getFileName() + ": " + name + " in " + expression.strip());
                }
            }
        }
        return missing;
    }

    private static String type(String text) {
        try {
            return JSON.readTree(text).path("type").asText();
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
