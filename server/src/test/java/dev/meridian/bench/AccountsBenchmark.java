package dev.meridian.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.meridian.Main;
import dev.meridian.account.adapters.Argon2Passwords;
import dev.meridian.account.adapters.Argon2Settings;
import dev.meridian.testing.Http;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The accounts benchmark (docs/benchmarks.md): login throughput against the hash-bound limit (cores ÷ one Argon2id
 * verification), refresh-token rotation at the same concurrency as the logins (what renewing a session costs instead
 * of a login), and cached {@code GET /v1/characters} throughput at fixed concurrency. Prints one JSON document.
 * Login load comes from an in-process client; the list and {@code /healthz} load from {@code wrk} (must be on the
 * path), so that this process's CPU during those phases is the server's alone.
 *
 * <p>Run: {@code server/bench-accounts [seconds-per-phase] [list-connections] [all|login|auth]} (defaults 15, 32,
 * all); {@code login} runs the login phase only, {@code auth} login and refresh (neither needs {@code wrk}). Page faults are the process's minor faults
 * ({@code /proc/self/stat}): a hash that reuses its working memory faults in no page.
 */
public final class AccountsBenchmark {
    private static final String PASSWORD = "correct horse battery staple";
    /**
     * Load before each in-process phase's window. At 80 logins a second the request path (HTTP, JSON, JDBC, tokens)
     * is still being compiled after a few seconds, and a 15 s window that starts at 3 s charges 3-4 ms of JIT to
     * every login (docs/benchmarks.md, "Launch settings, memory and logins").
     */
    private static final Duration WARMUP = Duration.ofSeconds(20);

    private AccountsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 15);
        int listConcurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        String phases = args.length > 2 ? args[2] : "all";
        if (!List.of("all", "login", "auth").contains(phases)) {
            throw new IllegalArgumentException("phases: all, login or auth, not " + phases);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(
                "machine",
                Map.of(
                        "cores",
                        cores,
                        "load_average_before",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        result.put("jvm", ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (phases.equals("all") && !Wrk.available()) {
            throw new IllegalStateException("wrk is needed for the list phases: install it (apt-get install wrk)");
        }
        double[] hash = oneVerification();
        double hashMillis = hash[0];
        try (TestServer server = TestServer.start(Map.of(
                        "auth.rate-limit.ip.capacity", "1000000000",
                        "auth.rate-limit.ip.per-minute", "1000000000",
                        "auth.rate-limit.account.capacity", "1000000000",
                        "auth.rate-limit.account.per-minute", "1000000000"));
                Http http = new Http(server)) {
            Map<String, Object> login = login(server, http, cores, hashMillis, phase);
            // the same comparison in CPU time, which the neighbours on a shared machine disturb far less
            double loginCpuMs = (double) login.get("process_cpu_us_per_request") / 1000;
            login.put("one_hash_cpu_ms", round(hash[1]));
            login.put("one_hash_minor_faults", round(hash[2]));
            login.put("cpu_ratio_hash_to_login", round(hash[1] / loginCpuMs));
            // the target: throughput >= 0.9 x cores / (one hash's CPU time, measured without page faults)
            double cpuLimit = cores * 1000.0 / hash[1];
            login.put("hash_cpu_bound_limit_per_s", round(cpuLimit));
            login.put("ratio_to_cpu_limit", round((double) login.get("throughput_per_s") / cpuLimit));
            login.put("meets_cpu_target", (double) login.get("throughput_per_s") / cpuLimit >= 0.9);
            result.put("login", login);
            if (!phases.equals("login")) {
                result.put("refresh", refreshBesideLogin(server, http, cores, login, loginCpuMs, phase));
            }
            if (phases.equals("all")) {
                result.put("cached_list", cachedList(server, http, listConcurrency, phase));
                result.put("healthz_baseline", healthz(server, listConcurrency, phase));
            }
        }
        System.out.println(
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        System.exit(0);
    }

    /** The refresh phase at the logins' concurrency, with its CPU and p99 next to the login's. */
    private static Map<String, Object> refreshBesideLogin(
            TestServer server, Http http, int cores, Map<String, Object> login, double loginCpuMs, Duration phase)
            throws Exception {
        Map<String, Object> refresh = refresh(server, http, cores * 3, phase);
        double refreshCpuUs = (double) refresh.get("process_cpu_us_per_request");
        refresh.put("cpu_ratio_login_to_refresh", round(loginCpuMs * 1000 / refreshCpuUs));
        refresh.put("p99_ratio_login_to_refresh", round((double) login.get("p99_ms") / (double) refresh.get("p99_ms")));
        return refresh;
    }

    /**
     * One Argon2id verification with the server's default parameters, alone on an otherwise idle pool.
     *
     * @return wall milliseconds, process CPU milliseconds and minor page faults per verification (nothing else runs
     *     yet)
     */
    private static double[] oneVerification() {
        Argon2Settings defaults = Argon2Settings.from(Main.config(Map.of()).get("auth"));
        try (Argon2Passwords passwords = new Argon2Passwords(defaults)) {
            String hash = passwords.hash(PASSWORD);
            for (int i = 0; i < 5; i++) {
                passwords.verify(PASSWORD, hash);
            }
            int rounds = 30;
            long faults = AccountsBenchmarkCpu.minorFaults();
            long cpu = AccountsBenchmarkCpu.process();
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                passwords.verify(PASSWORD, hash);
            }
            return new double[] {
                (System.nanoTime() - start) / 1e6 / rounds,
                (AccountsBenchmarkCpu.process() - cpu) / 1e6 / rounds,
                (AccountsBenchmarkCpu.minorFaults() - faults) / (double) rounds
            };
        }
    }

    private static Map<String, Object> login(TestServer server, Http http, int cores, double hashMillis, Duration phase)
            throws Exception {
        // enough callers to keep every hashing thread busy, fewer than threads + queue so nobody gets a 503
        int concurrency = cores * 3;
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            String email = "bench-" + UUID.randomUUID() + "@example.com";
            String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
            int status = http.postJson("/v1/auth/register", body).statusCode();
            if (status != 201) {
                throw new IllegalStateException("register failed: " + status);
            }
            requests.add(RawHttpClient.request("POST", "/v1/auth/login", null, body));
        }
        Load load = Load.run(server.port(), requests, 200, phase);
        double limit = cores * 1000.0 / hashMillis;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("one_hash_ms", round(hashMillis));
        out.put("hash_bound_limit_per_s", round(limit));
        out.put("concurrency", concurrency);
        out.putAll(load.summary());
        out.put("ratio_to_limit", round(load.throughput() / limit));
        out.put("target_ratio", 0.9);
        out.put("meets_target", load.throughput() / limit >= 0.9);
        return out;
    }

    /**
     * Closed-loop refreshes: each connection holds one session and always presents the refresh token the previous
     * answer gave it (a token is single use), so every request is a real rotation: one row lock, one update, one
     * insert, one signed access token, and no password hash.
     */
    private static Map<String, Object> refresh(TestServer server, Http http, int concurrency, Duration phase)
            throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            String body =
                    "{\"email\":\"bench-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + PASSWORD + "\"}";
            tokens.add(refreshToken(http.postJson("/v1/auth/register", body).body()));
        }
        Load load = Load.runChained(server.port(), tokens, phase);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("concurrency", concurrency);
        out.putAll(load.summary());
        return out;
    }

    /** The refresh token of a token answer, without a JSON parser (the client's CPU counts in the figures). */
    static String refreshToken(String body) {
        int start = body.indexOf("\"refresh_token\":\"") + "\"refresh_token\":\"".length();
        if (start < "\"refresh_token\":\"".length()) {
            throw new IllegalStateException("no refresh token in " + body);
        }
        return body.substring(start, body.indexOf('"', start));
    }

    private static Map<String, Object> cachedList(TestServer server, Http http, int concurrency, Duration phase)
            throws Exception {
        String body = "{\"email\":\"bench-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + PASSWORD + "\"}";
        String token = new ObjectMapper()
                .readTree(http.postJson("/v1/auth/register", body).body())
                .get("access_token")
                .asText();
        for (int i = 0; i < 3; i++) {
            String name = "b" + UUID.randomUUID().toString().substring(0, 8) + i;
            http.postJson("/v1/characters", "{\"name\":\"" + name + "\"}", token);
        }
        http.get("/v1/characters", token);
        double hitsBefore = Metrics.value(server, "character_cache_hits_total", "");
        double missesBefore = Metrics.value(server, "character_cache_misses_total", "");
        Map<String, Object> out = Wrk.run(server.port(), "/v1/characters", Optional.of(token), concurrency, phase);
        double hits = Metrics.value(server, "character_cache_hits_total", "") - hitsBefore;
        double misses = Metrics.value(server, "character_cache_misses_total", "") - missesBefore;
        out.put("cache_hit_ratio", round(hits / Math.max(1, hits + misses)));
        out.put("target_per_s", 10_000);
        out.put("target_p99_ms", 10);
        out.put("meets_target", (double) out.get("throughput_per_s") >= 10_000 && (double) out.get("p99_ms") < 10);
        return out;
    }

    /** The same load on {@code /healthz}: what HTTP alone costs on this machine, to read the list figures against. */
    private static Map<String, Object> healthz(TestServer server, int concurrency, Duration phase) throws Exception {
        return Wrk.run(server.port(), "/healthz", Optional.empty(), concurrency, phase);
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Closed-loop load: one connection per request template, each sending the next request when the last returned. */
    private record Load(
            long requests,
            long errors,
            double seconds,
            double p50,
            double p99,
            double max,
            long cpuNanos,
            long minorFaults) {

        static Load run(int port, List<byte[]> perConnection, int expectedStatus, Duration phase) throws Exception {
            Recorder recorder = new Recorder(3);
            AtomicLong errors = new AtomicLong();
            AtomicLong count = new AtomicLong();
            long warmupEnd = System.nanoTime() + WARMUP.toNanos();
            long end = warmupEnd + phase.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (byte[] request : perConnection) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try (RawHttpClient client = new RawHttpClient(port)) {
                        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                            int status = client.exchange(request);
                            long done = System.nanoTime();
                            if (now >= warmupEnd) {
                                recorder.recordValue((done - now) / 1000);
                                count.incrementAndGet();
                                if (status != expectedStatus) {
                                    errors.incrementAndGet();
                                }
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }));
            }
            return measure(threads, recorder, count, errors, warmupEnd, phase);
        }

        /** Like {@link #run}, each connection sending the refresh token its previous answer returned. */
        static Load runChained(int port, List<String> firstTokens, Duration phase) throws Exception {
            Recorder recorder = new Recorder(3);
            AtomicLong errors = new AtomicLong();
            AtomicLong count = new AtomicLong();
            long warmupEnd = System.nanoTime() + WARMUP.toNanos();
            long end = warmupEnd + phase.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (String first : firstTokens) {
                threads.add(Thread.ofVirtual().start(() -> {
                    String token = first;
                    try (RawHttpClient client = new RawHttpClient(port)) {
                        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                            RawHttpClient.Response response = client.exchangeForBody(RawHttpClient.request(
                                    "POST", "/v1/auth/refresh", null, "{\"refresh_token\":\"" + token + "\"}"));
                            long done = System.nanoTime();
                            if (response.status() != 200) {
                                errors.incrementAndGet();
                                return;
                            }
                            token = refreshToken(response.body());
                            if (now >= warmupEnd) {
                                recorder.recordValue((done - now) / 1000);
                                count.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }));
            }
            return measure(threads, recorder, count, errors, warmupEnd, phase);
        }

        /** Waits out the warm-up, then the load threads, measuring the process's CPU and page faults meanwhile. */
        private static Load measure(
                List<Thread> threads,
                Recorder recorder,
                AtomicLong count,
                AtomicLong errors,
                long warmupEnd,
                Duration phase)
                throws InterruptedException {
            Thread.sleep(Duration.ofNanos(Math.max(0, warmupEnd - System.nanoTime())));
            long faultsStart = AccountsBenchmarkCpu.minorFaults();
            long cpuStart = processCpuNanos();
            for (Thread thread : threads) {
                thread.join();
            }
            long cpu = processCpuNanos() - cpuStart;
            long faults = AccountsBenchmarkCpu.minorFaults() - faultsStart;
            var histogram = recorder.getIntervalHistogram();
            return new Load(
                    count.get(),
                    errors.get(),
                    phase.toNanos() / 1e9,
                    histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getMaxValue() / 1000.0,
                    cpu,
                    faults);
        }

        /** CPU time of this whole process (server and client), all threads. */
        static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        double throughput() {
            return requests / seconds;
        }

        double p99Millis() {
            return p99;
        }

        Map<String, Object> summary() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("requests", requests);
            out.put("errors", errors);
            out.put("throughput_per_s", round(throughput()));
            out.put("p50_ms", round(p50));
            out.put("p99_ms", round(p99));
            out.put("max_ms", round(max));
            // CPU per request barely depends on what the neighbours do, unlike throughput: on a shared machine it is
            // the steadier figure. It includes the in-process client, not Postgres or Redis.
            double cpuMicros = cpuNanos / 1000.0 / Math.max(1, requests);
            out.put("process_cpu_us_per_request", round(cpuMicros));
            out.put("process_minor_faults_per_request", round(minorFaults / (double) Math.max(1, requests)));
            out.put(
                    "cpu_bound_estimate_per_s",
                    round(Runtime.getRuntime().availableProcessors() * 1e6 / Math.max(1, cpuMicros)));
            return out;
        }
    }
}
