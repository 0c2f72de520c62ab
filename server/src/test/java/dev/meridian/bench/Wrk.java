package dev.meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Load from {@code wrk} (a separate process, in C): far cheaper per request than a Java client, so the CPU this
 * process spends during a run is the server's own. A Lua {@code done} hook prints wrk's summary as JSON.
 */
final class Wrk {
    private static final String REPORT = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format(
                '{"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,'
                .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\\n',
                summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
            end
            """;

    private Wrk() {}

    static boolean available() {
        try {
            return new ProcessBuilder("wrk", "--version").start().waitFor() >= 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Long enough for the JIT to finish compiling the request path: shorter warm-ups charged it to the run. */
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    /**
     * A warm-up of 10 s, then the measured run of {@code phase}, two wrk threads, {@code connections} keep-alive
     * connections in a closed loop.
     */
    static Map<String, Object> run(int port, String path, Optional<String> bearer, int connections, Duration phase)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("wrk-report", ".lua");
        try {
            Files.writeString(script, REPORT);
            wrk(port, path, bearer, connections, WARM_UP, script);
            long serverCpu = AccountsBenchmarkCpu.process();
            long wrkCpuBefore = AccountsBenchmarkCpu.children();
            JsonNode report = wrk(port, path, bearer, connections, phase, script);
            long serverNanos = AccountsBenchmarkCpu.process() - serverCpu;
            long wrkNanos = AccountsBenchmarkCpu.children() - wrkCpuBefore;
            long requests = report.get("requests").asLong();
            double seconds = report.get("duration_us").asLong() / 1e6;
            double serverMicros = serverNanos / 1000.0 / Math.max(1, requests);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("load_generator", "wrk -t2 -c" + connections);
            out.put("concurrency", connections);
            out.put("requests", requests);
            out.put(
                    "errors",
                    report.get("non_2xx").asLong() + report.get("socket_errors").asLong());
            out.put("throughput_per_s", AccountsBenchmark.round(requests / seconds));
            out.put("p50_ms", AccountsBenchmark.round(report.get("p50_us").asLong() / 1000.0));
            out.put("p90_ms", AccountsBenchmark.round(report.get("p90_us").asLong() / 1000.0));
            out.put("p99_ms", AccountsBenchmark.round(report.get("p99_us").asLong() / 1000.0));
            out.put("max_ms", AccountsBenchmark.round(report.get("max_us").asLong() / 1000.0));
            // the whole benchmark process is the server now: the load comes from another process
            out.put("server_cpu_us_per_request", AccountsBenchmark.round(serverMicros));
            if (wrkNanos >= 0) {
                out.put("wrk_cpu_us_per_request", AccountsBenchmark.round(wrkNanos / 1000.0 / Math.max(1, requests)));
                double both = serverMicros + wrkNanos / 1000.0 / Math.max(1, requests);
                out.put(
                        "cpu_bound_estimate_per_s",
                        AccountsBenchmark.round(Runtime.getRuntime().availableProcessors() * 1e6 / both));
            }
            out.put(
                    "load_average_after",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static JsonNode wrk(
            int port, String path, Optional<String> bearer, int connections, Duration duration, Path script)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + duration.toSeconds() + "s",
                "--latency",
                "-s",
                script.toString()));
        bearer.ifPresent(token -> command.addAll(List.of("-H", "Authorization: Bearer " + token)));
        command.add("http://127.0.0.1:" + port + path);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        String json = output.lines()
                .filter(line -> line.startsWith("{"))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("no report from wrk: " + output));
        return new ObjectMapper().readTree(json);
    }
}
