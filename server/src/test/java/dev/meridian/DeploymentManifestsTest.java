package dev.meridian;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.meridian.platform.health.HealthService;
import dev.meridian.testing.MonitoringFiles;
import io.helidon.config.EnvironmentVariables;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files (Dockerfile, docker-compose.yml, k8s/) and docs/configuration.md agree with the code: ports,
 * probe paths, environment variable names, the shutdown budget and the non-root user; and the shipped JVM launch
 * settings are the same in server/run, the image, compose and k8s, with container memory that holds them. No Docker or
 * cluster needed.
 */
class DeploymentManifestsTest {
    private static final long MIB = 1024L * 1024;
    private static final Path ROOT = MonitoringFiles.root();
    private static final Map<String, Object> APPLICATION =
            flatten(yaml(ROOT.resolve("server/src/main/resources/application.yaml")));
    private static final int PORT =
            Integer.parseInt(APPLICATION.get("server.port").toString());
    private static final int WORLD_PORT =
            Integer.parseInt(APPLICATION.get("world.port").toString());

    private final Map<String, Object> deployment = k8s("deployment.yaml", "Deployment");
    private final Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
    private final Map<String, Object> container = onlyContainer();
    private final Map<String, Object> configMap = k8s("configmap.yaml", "ConfigMap");
    private final Map<String, Object> secret = k8s("secret.template.yaml", "Secret");
    private final Map<String, Object> service = k8s("service.yaml", "Service");
    private final Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));
    private final Map<String, Object> app = map(map(compose, "services"), "meridian");
    private final List<String> dockerfile = dockerfileRuntimeStage();

    @Test
    void everyPortIsTheConfiguredServerOrWorldPort() {
        List<Map<String, Object>> ports = list(container, "ports");
        assertThat(ports.size(), is(2));
        assertThat(ports.get(0).get("name"), is("http"));
        assertThat(ports.get(0).get("containerPort"), is(PORT));
        assertThat(ports.get(1).get("name"), is("world"));
        assertThat(ports.get(1).get("containerPort"), is(WORLD_PORT));

        List<Map<String, Object>> servicePorts = list(map(service, "spec"), "ports");
        assertThat(servicePorts.get(0).get("port"), is(PORT));
        assertThat(servicePorts.get(0).get("targetPort"), is("http"));
        assertThat(servicePorts.get(1).get("port"), is(WORLD_PORT));
        assertThat(servicePorts.get(1).get("targetPort"), is("world"));
        assertThat(
                map(map(service, "spec"), "selector"),
                is(map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels")));

        assertThat(map(configMap, "data").get("SERVER_PORT"), is(Integer.toString(PORT)));
        assertThat(map(configMap, "data").get("WORLD_PORT"), is(Integer.toString(WORLD_PORT)));
        assertThat(environment(app).get("SERVER_PORT"), is(Integer.toString(PORT)));
        assertThat(environment(app).get("WORLD_PORT"), is(Integer.toString(WORLD_PORT)));
        assertThat(stringList(app, "ports"), hasItem(PORT + ":" + PORT));
        assertThat(stringList(app, "ports"), hasItem(WORLD_PORT + ":" + WORLD_PORT));
        assertThat(instruction("EXPOSE"), is(PORT + " " + WORLD_PORT));
        assertThat(instructionLine("ENV"), containsString("SERVER_PORT=" + PORT));
        assertThat(instructionLine("ENV"), containsString("WORLD_PORT=" + WORLD_PORT));
    }

    @Test
    void probesUseRoutesTheServerServes() {
        Map<String, String> probes = new LinkedHashMap<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> httpGet = map(map(container, probe), "httpGet");
            assertThat(probe + " port", httpGet.get("port"), is("http"));
            probes.put(probe, httpGet.get("path").toString());
        }
        assertThat(probes.get("readinessProbe"), is("/readyz"));
        assertThat(probes.get("livenessProbe"), is("/healthz"));
        assertThat(instructionLine("HEALTHCHECK"), containsString("/healthz"));

        DirectClient client = new DirectClient(HttpRouting.builder().register(new HealthService(() -> true)));
        try {
            for (var probe : probes.entrySet()) {
                try (var response = client.get(probe.getValue()).request()) {
                    assertThat(
                            probe.getKey() + " " + probe.getValue(),
                            response.status().code(),
                            is(200));
                }
            }
        } finally {
            client.close();
        }
    }

    @Test
    void everyEnvironmentVariableIsAConfigKeyOrADocumentedVariable() {
        Documentation docs = Documentation.read(ROOT.resolve("docs/configuration.md"));
        Set<String> names = new TreeSet<>();
        names.addAll(map(configMap, "data").keySet());
        names.addAll(map(secret, "stringData").keySet());
        names.addAll(environment(app).keySet());
        list(container, "env")
                .forEach(variable -> names.add(variable.get("name").toString()));

        List<String> unknown = names.stream()
                .filter(name -> !docs.variables().contains(name))
                .filter(name -> keysOf(name).stream()
                        .noneMatch(key ->
                                APPLICATION.containsKey(key) || docs.keys().contains(key)))
                .toList();
        assertThat("environment variables that no config key reads", unknown, is(empty()));
    }

    @Test
    void configurationDocumentsEveryKeyWithItsEnvironmentVariable() {
        Documentation docs = Documentation.read(ROOT.resolve("docs/configuration.md"));
        List<String> undocumented = APPLICATION.keySet().stream()
                .filter(key -> !docs.keys().contains(key))
                .toList();
        assertThat("keys of application.yaml missing from docs/configuration.md", undocumented, is(empty()));
        docs.variableOf()
                .forEach((key, variable) ->
                        assertThat(key + " is read from " + variable, keysOf(variable), hasItem(key)));
    }

    /**
     * application.yaml holds every default (the code reads it, repeating none); the docs show the same value. A list
     * (the world map) is too long for a cell: docs/world.md shows it, and {@code WorldMapConfigTest} compares them.
     */
    @Test
    void configurationDocumentsTheDefaultOfApplicationYaml() {
        Documentation docs = Documentation.read(ROOT.resolve("docs/configuration.md"));
        List<String> different = APPLICATION.entrySet().stream()
                .filter(entry -> docs.defaultOf().containsKey(entry.getKey()))
                .filter(entry -> !(entry.getValue() instanceof List<?>))
                .filter(entry ->
                        !documented(entry.getValue()).equals(docs.defaultOf().get(entry.getKey())))
                .map(entry -> entry.getKey() + ": application.yaml " + documented(entry.getValue()) + ", docs "
                        + docs.defaultOf().get(entry.getKey()))
                .toList();
        assertThat("defaults in docs/configuration.md that differ from application.yaml", different, is(empty()));
    }

    /** A default as the docs write it: the value in code quotes, "empty" for the empty string. */
    private static String documented(Object value) {
        String text = String.valueOf(value);
        return text.isEmpty() ? "empty" : "`" + text + "`";
    }

    @Test
    void terminationGraceOutlastsPreStopAndTheDrainDeadline() {
        Duration deadline = Duration.parse(map(configMap, "data")
                .getOrDefault("SHUTDOWN_DEADLINE", APPLICATION.get("shutdown.deadline"))
                .toString());
        List<String> preStop = stringList(map(map(map(container, "lifecycle"), "preStop"), "exec"), "command");
        assertThat(preStop.getFirst(), is("sleep"));
        long sleepSeconds = Long.parseLong(preStop.get(1));
        int grace = (Integer) pod.get("terminationGracePeriodSeconds");
        assertThat(grace, greaterThan(Math.toIntExact(sleepSeconds + deadline.toSeconds())));

        Duration composeGrace =
                Duration.parse("PT" + app.get("stop_grace_period").toString().toUpperCase());
        Duration composeDeadline = Duration.parse(environment(app).get("SHUTDOWN_DEADLINE"));
        assertThat(composeGrace.compareTo(composeDeadline), greaterThan(0));
    }

    @Test
    void containersRunAsTheImagesNonRootUserWithAReadOnlyRoot() {
        String user = instruction("USER").split(":")[0];
        assertThat(user, not(is("root")));
        assertThat(Integer.parseInt(user), greaterThan(0));

        Map<String, Object> podSecurity = map(pod, "securityContext");
        assertThat(podSecurity.get("runAsNonRoot"), is(true));
        assertThat(podSecurity.get("runAsUser"), is(Integer.parseInt(user)));
        assertThat(map(podSecurity, "seccompProfile").get("type"), is("RuntimeDefault"));

        Map<String, Object> security = map(container, "securityContext");
        assertThat(security.get("readOnlyRootFilesystem"), is(true));
        assertThat(security.get("allowPrivilegeEscalation"), is(false));
        assertThat(stringList(map(security, "capabilities"), "drop"), is(List.of("ALL")));
        String tmpVolume = list(container, "volumeMounts").stream()
                .filter(mount -> "/tmp".equals(mount.get("mountPath")))
                .map(mount -> mount.get("name").toString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("/tmp must be writable with a read-only root"));
        assertThat(
                list(pod, "volumes").stream()
                        .filter(volume -> tmpVolume.equals(volume.get("name")))
                        .anyMatch(volume -> volume.containsKey("emptyDir")),
                is(true));
    }

    @Test
    void podTakesItsSettingsFromTheConfigMapAndTheSecret() {
        List<String> sources = list(container, "envFrom").stream()
                .map(source -> source.containsKey("configMapRef")
                        ? "configmap/" + map(source, "configMapRef").get("name")
                        : "secret/" + map(source, "secretRef").get("name"))
                .toList();
        assertThat(
                sources,
                is(List.of(
                        "configmap/" + map(configMap, "metadata").get("name"),
                        "secret/" + map(secret, "metadata").get("name"))));
        assertThat(map(secret, "stringData").keySet(), is(Set.of("AUTH_JWT_SECRET", "DB_PASSWORD")));

        Map<String, Object> kustomization = yaml(ROOT.resolve("k8s/kustomization.yaml"));
        List<String> resources = stringList(kustomization, "resources");
        resources.forEach(
                file -> assertThat(file, Files.exists(ROOT.resolve("k8s").resolve(file)), is(true)));
        // the template holds placeholders only: applying it with the rest would deploy them
        assertThat(resources, not(hasItem("secret.template.yaml")));
        assertThat(resources, hasItem("deployment.yaml"));
    }

    @Test
    void composeStartsTheServerOnlyAfterHealthyServices() {
        Map<String, Object> services = map(compose, "services");
        Map<String, Object> dependsOn = map(app, "depends_on");
        assertThat(dependsOn.keySet(), is(Set.of("postgres", "redis", "nats")));
        for (String dependency : dependsOn.keySet()) {
            assertThat(dependency, map(dependsOn, dependency).get("condition"), is("service_healthy"));
            assertThat(dependency, map(map(services, dependency), "healthcheck").containsKey("test"), is(true));
        }
        assertThat(stringList(map(services, "nats"), "command"), hasItem("-js"));
        assertThat(environment(app).get("MERIDIAN_PROFILE"), is("prod"));
        assertThat(environment(app).get("AUTH_JWT_SECRET"), startsWith("${AUTH_JWT_SECRET:?"));
    }

    @Test
    void imageRunsTheJarOnAJre25AsANonRootUserWithAHealthcheck() {
        assertThat(instruction("FROM"), startsWith("eclipse-temurin:25-jre"));
        assertThat(instructionLine("HEALTHCHECK"), containsString("CMD"));
        assertThat(instructionLine("ENV"), containsString("MERIDIAN_PROFILE=prod"));
        String entrypoint = instruction("ENTRYPOINT");
        assertThat(entrypoint, containsString("--enable-native-access=ALL-UNNAMED"));
        assertThat(entrypoint, containsString("/app/meridian-server.jar"));
        assertThat(entrypoint, containsString("exec java"));
        List<String> copied = dockerfile.stream()
                .filter(line -> line.startsWith("COPY "))
                .map(line -> line.split("\\s+")[2])
                .toList();
        assertThat(copied, is(List.of("/build/server/target/libs/", "/build/server/target/meridian-server.jar")));
    }

    @Test
    void theLaunchSettingsAreTheSameInServerRunTheImageComposeAndKubernetes() {
        List<String> shipped = launchSettingsOfServerRun();
        assertThat(flags(dockerfileEnvironment().get("JAVA_OPTS")), is(shipped));
        Map<String, String> podEnvironment = new LinkedHashMap<>();
        list(container, "env")
                .forEach(variable ->
                        podEnvironment.put(variable.get("name").toString(), String.valueOf(variable.get("value"))));
        assertThat(flags(podEnvironment.get("JAVA_OPTS")), is(shipped));
        // compose runs the image: it inherits the image's JAVA_OPTS, or repeats them exactly
        String composeOptions = environment(app).get("JAVA_OPTS");
        if (composeOptions != null) {
            assertThat(flags(composeOptions), is(shipped));
        }
        // the entrypoint and server/run pass JAVA_OPTS, and server/run falls back to the shipped ones
        assertThat(instruction("ENTRYPOINT"), containsString("$JAVA_OPTS"));
        assertThat(String.join("\n", lines(ROOT.resolve("server/run"))), containsString("${JAVA_OPTS:-$launch}"));
    }

    @Test
    void bothEntryPointsLetNettyUseUnsafeWhateverTheJavaOpts() {
        // outside JAVA_OPTS on purpose: replacing the heap settings must not silently slow every buffer write
        String allow = "--sun-misc-unsafe-memory-access=allow $JAVA_OPTS";
        assertThat(instruction("ENTRYPOINT"), containsString(allow));
        assertThat(
                String.join("\n", lines(ROOT.resolve("server/run"))),
                containsString("--sun-misc-unsafe-memory-access=allow ${JAVA_OPTS:-$launch}"));
    }

    @Test
    void theLaunchSettingsBoundEveryMemoryPoolAndChooseOneCollector() {
        List<String> shipped = launchSettingsOfServerRun();
        assertThat(value(shipped, "-Xms"), is(value(shipped, "-Xmx")));
        for (String bound :
                List.of("-XX:MaxDirectMemorySize=", "-XX:ReservedCodeCacheSize=", "-XX:MaxMetaspaceSize=")) {
            assertThat(bound, value(shipped, bound), greaterThan(0L));
        }
        assertThat(shipped, hasItem("-XX:+AlwaysPreTouch"));
        assertThat(shipped, hasItem("-XX:+ExitOnOutOfMemoryError"));
        assertThat(
                shipped.stream()
                        .filter(flag -> flag.matches("-XX:\\+Use\\w+GC"))
                        .count(),
                is(1L));
        // a percentage of the container would follow the limit, not the measured budget
        assertThat(
                shipped.stream().filter(flag -> flag.contains("RAMPercentage")).toList(), is(empty()));
    }

    @Test
    void containerMemoryHoldsEveryBoundedPoolWithRoomForTheRest() {
        List<String> shipped = launchSettingsOfServerRun();
        long bounded = value(shipped, "-Xmx")
                + value(shipped, "-XX:MaxDirectMemorySize=")
                + value(shipped, "-XX:ReservedCodeCacheSize=")
                + value(shipped, "-XX:MaxMetaspaceSize=");
        Map<String, Object> resources = map(container, "resources");
        long limit = bytes(map(resources, "limits").get("memory").toString());
        // requests = limits: the node reserves the memory the pre-touched heap will hold from the first second
        assertThat(bytes(map(resources, "requests").get("memory").toString()), is(limit));
        // thread stacks, GC structures, symbols, malloc: measured at 30-40 MiB (docs/benchmarks.md)
        assertThat(limit, greaterThan(bounded + 48L * MIB));
        assertThat("compose mem_limit", bytes(app.get("mem_limit").toString()), is(limit));
    }

    /** The {@code launch="..."} line of server/run: the shipped JVM flags. */
    private static List<String> launchSettingsOfServerRun() {
        List<String> found = lines(ROOT.resolve("server/run")).stream()
                .filter(line -> line.startsWith("launch=\""))
                .toList();
        assertThat("one launch=\"...\" line in server/run", found.size(), is(1));
        String line = found.getFirst();
        return flags(line.substring("launch=\"".length(), line.lastIndexOf('"')));
    }

    private static List<String> flags(String options) {
        assertThat("JVM options", options, not(is((String) null)));
        return List.of(options.strip().split("\\s+"));
    }

    /** The value of a size flag ({@code -Xmx192m}, {@code -XX:MaxDirectMemorySize=64m}) in bytes. */
    private static long value(List<String> flags, String prefix) {
        List<String> values = flags.stream()
                .filter(flag -> flag.startsWith(prefix))
                .map(flag -> flag.substring(prefix.length()))
                .toList();
        assertThat("one " + prefix + " flag", values.size(), is(1));
        return bytes(values.getFirst());
    }

    /** JVM sizes (64m, 1g, 512k) and Kubernetes/compose quantities (512Mi, 1Gi, 512m in compose means MiB). */
    private static long bytes(String size) {
        Matcher matcher = Pattern.compile("(\\d+)([kKmMgG]i?)?[bB]?").matcher(size.strip());
        assertThat("a memory size: " + size, matcher.matches(), is(true));
        long number = Long.parseLong(matcher.group(1));
        String unit =
                matcher.group(2) == null ? "" : matcher.group(2).substring(0, 1).toLowerCase();
        return switch (unit) {
            case "k" -> number * 1024;
            case "m" -> number * MIB;
            case "g" -> number * 1024 * MIB;
            default -> number;
        };
    }

    /** The runtime stage's ENV instruction as NAME -> value (values may be double-quoted). */
    private Map<String, String> dockerfileEnvironment() {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher matcher = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(instruction("ENV"));
        while (matcher.find()) {
            values.put(matcher.group(1), matcher.group(2).replaceAll("^\"|\"$", ""));
        }
        return values;
    }

    /**
     * The config keys an environment variable sets, by Helidon's own mapping (the one the server's environment source
     * applies); deprecated for removal in Helidon 4.5 without a public replacement yet.
     */
    @SuppressWarnings("removal")
    private static Set<String> keysOf(String variable) {
        return EnvironmentVariables.expand(Map.of(variable, "")).keySet();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** What docs/configuration.md documents: table rows {@code | `key` | default | `ENV_NAME` | meaning |}. */
    private record Documentation(
            Set<String> keys, Set<String> variables, Map<String, String> variableOf, Map<String, String> defaultOf) {
        private static final Pattern CODE = Pattern.compile("`([^`]+)`");

        static Documentation read(Path file) {
            Set<String> keys = new LinkedHashSet<>();
            Set<String> variables = new LinkedHashSet<>();
            Map<String, String> variableOf = new LinkedHashMap<>();
            Map<String, String> defaultOf = new LinkedHashMap<>();
            for (String line : lines(file)) {
                if (!line.startsWith("|")) {
                    continue;
                }
                String[] cells = line.split("\\|");
                if (cells.length < 4) {
                    continue;
                }
                List<String> rowKeys = code(cells[1]);
                List<String> rowVariables = code(cells[3]);
                keys.addAll(rowKeys);
                variables.addAll(rowVariables);
                if (rowKeys.size() == 1 && rowVariables.size() == 1) {
                    variableOf.put(rowKeys.getFirst(), rowVariables.getFirst());
                }
                if (rowKeys.size() == 1) {
                    defaultOf.put(rowKeys.getFirst(), cells[2].strip());
                }
            }
            return new Documentation(keys, variables, variableOf, defaultOf);
        }

        private static List<String> code(String cell) {
            List<String> values = new ArrayList<>();
            Matcher matcher = CODE.matcher(cell);
            while (matcher.find()) {
                values.add(matcher.group(1));
            }
            return values;
        }
    }

    private Map<String, Object> onlyContainer() {
        List<Map<String, Object>> containers = list(pod, "containers");
        assertThat(containers.size(), is(1));
        return containers.getFirst();
    }

    /** The instructions of the Dockerfile's last stage (the image that runs), continuation lines joined. */
    private static List<String> dockerfileRuntimeStage() {
        String text = String.join("\n", lines(ROOT.resolve("Dockerfile"))).replace("\\\n", " ");
        List<String> instructions = text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    private String instructionLine(String name) {
        List<String> found =
                dockerfile.stream().filter(line -> line.startsWith(name + " ")).toList();
        assertThat("one " + name + " in the runtime stage", found.size(), is(1));
        return found.getFirst();
    }

    private String instruction(String name) {
        return instructionLine(name).substring(name.length()).strip();
    }

    private static Map<String, Object> k8s(String file, String kind) {
        Map<String, Object> resource = yaml(ROOT.resolve("k8s").resolve(file));
        assertThat(file, resource.get("kind"), is(kind));
        return resource;
    }

    /** Compose allows a map or a list of NAME=value. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        if (environment instanceof List<?> entries) {
            return entries.stream()
                    .map(Object::toString)
                    .collect(Collectors.toMap(e -> e.split("=", 2)[0], e -> e.split("=", 2)[1]));
        }
        Map<String, String> values = new LinkedHashMap<>();
        map(service, "environment").forEach((name, value) -> values.put(name, String.valueOf(value)));
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat("expected a mapping at " + key, value instanceof Map, is(true));
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat("expected a list at " + key, value instanceof List, is(true));
        assertThat(key, (List<Object>) value, everyItem(instanceOf(Map.class)));
        return (List<Map<String, Object>>) value;
    }

    private static List<String> stringList(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat("expected a list at " + key, value instanceof List, is(true));
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }

    /** The one document of a YAML file (k8s files here hold one resource each). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) {
        List<Object> documents = StreamSupport.stream(
                        new Yaml().loadAll(String.join("\n", lines(file))).spliterator(), false)
                .toList();
        assertThat(file + " holds one document", documents.size(), is(1));
        return (Map<String, Object>) documents.getFirst();
    }

    /** {@code server: {port: 8080}} becomes {@code server.port -> 8080}. */
    private static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> keys = new LinkedHashMap<>();
        flatten("", tree, keys);
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> keys) {
        tree.forEach((name, value) -> {
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            if (value instanceof Map<?, ?> child) {
                flatten(key, (Map<String, Object>) child, keys);
            } else {
                keys.put(key, value);
            }
        });
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
