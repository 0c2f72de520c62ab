package dev.meridian.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring files of {@code ops/}: Prometheus alert rules and Grafana dashboards, and the metric names their
 * PromQL expressions read.
 */
public final class MonitoringFiles {
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern NUMBERS = Pattern.compile(
            "(?<![A-Za-z_:])(?:\\d+(?:ms|s|m|h|d|w|y))+\\b|(?<![A-Za-z_:0-9.])\\d*\\.?\\d+(?:[eE][+-]?\\d+)?");
    private static final Pattern IDENTIFIER =
            Pattern.compile("(?<![A-Za-z0-9_:])[A-Za-z_:][A-Za-z0-9_:]*(?!\\s*\\()(?![A-Za-z0-9_:])");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan",
            "Inf",
            "NaN");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*,");

    private MonitoringFiles() {}

    /** The repository's root directory (tests run in the module directory). */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("ops"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root above " + Path.of("").toAbsolutePath());
    }

    public static Path prometheus() {
        return root().resolve("ops/prometheus");
    }

    /** Rule files: every YAML of {@code ops/prometheus} with a top-level {@code groups}. */
    public static List<Path> ruleFiles() {
        return yamlFiles(prometheus()).stream()
                .filter(file -> yaml(file).containsKey("groups"))
                .toList();
    }

    /** promtool's unit-test files: {@code ops/prometheus/*test*.yml}. */
    public static List<Path> ruleTestFiles() {
        return yamlFiles(prometheus()).stream()
                .filter(file -> file.getFileName().toString().contains("test"))
                .toList();
    }

    public static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(root().resolve("ops/grafana/dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code expr} of every rule of {@code file}. */
    @SuppressWarnings("unchecked")
    public static List<String> ruleExpressions(Path file) {
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(file).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add(rule.get("expr").toString());
            }
        }
        return expressions;
    }

    /** Every query of a dashboard: the panels' targets (rows' panels included) and the variables' queries. */
    public static List<String> dashboardExpressions(Path file) {
        JsonNode dashboard;
        try {
            dashboard = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> expressions = new ArrayList<>();
        dashboard
                .findValues("targets")
                .forEach(targets -> targets.forEach(target -> {
                    if (target.hasNonNull("expr")) {
                        expressions.add(target.get("expr").asText());
                    }
                }));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                expressions.add(
                        query.isTextual() ? query.asText() : query.path("query").asText());
            }
        }
        return expressions;
    }

    /**
     * The metric names a PromQL expression (or a Grafana {@code label_values(metric, label)} query) reads: strings,
     * label matchers, ranges, grouping labels, template variables and numbers are removed, then every identifier
     * that is neither a function call nor a keyword is a metric name.
     */
    public static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        String text = STRINGS.matcher(expression).replaceAll(" ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGES.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        text = VARIABLES.matcher(text).replaceAll(" ");
        text = NUMBERS.matcher(text).replaceAll(" ");
        Matcher identifiers = IDENTIFIER.matcher(text);
        while (identifiers.find()) {
            String name = identifiers.group();
            if (!KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> yaml(Path file) {
        try {
            return (Map<String, Object>) new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
