package dev.meridian.platform.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz}: the process is alive (no dependency is checked, so a database outage never restarts pods).
 * {@code GET /readyz}: 200 when every gating check passes, else 503; the body lists each check (docs/operations.md).
 */
public final class HealthService implements HttpService {
    private final List<Check> checks = new CopyOnWriteArrayList<>();
    private final BooleanSupplier accepting;

    /** @param accepting false once shutdown has begun: readiness then fails whatever the checks say */
    public HealthService(BooleanSupplier accepting) {
        this.accepting = accepting;
    }

    public HealthService add(Check check) {
        checks.add(check);
        return this;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/healthz", this::live).get("/readyz", this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Map.of("status", "UP"));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        Readiness readiness = readiness();
        res.status(readiness.ready() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(readiness);
    }

    /** Probes every check now: what {@code /readyz} answers (and the readiness gauges report). */
    public Readiness readiness() {
        Map<String, CheckStatus> results = new LinkedHashMap<>();
        boolean ready = accepting.getAsBoolean();
        if (!ready) {
            results.put("shutdown", new CheckStatus("DOWN", true, Map.of()));
        }
        for (Check check : checks) {
            boolean up = probe(check);
            ready &= up || !check.gating();
            results.put(check.name(), new CheckStatus(up ? "UP" : "DOWN", check.gating(), details(check)));
        }
        return new Readiness(ready ? "UP" : "DOWN", results);
    }

    /** The JSON body of {@code /readyz}: fields in this order. */
    public record Readiness(String status, Map<String, CheckStatus> checks) {
        @JsonIgnore
        public boolean ready() {
            return "UP".equals(status);
        }
    }

    /** @param details what the check adds (e.g. the world's mode); left out of the JSON when empty */
    public record CheckStatus(
            String status,
            boolean gating,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> details) {
        @JsonIgnore
        public boolean up() {
            return "UP".equals(status);
        }
    }

    private static Map<String, String> details(Check check) {
        try {
            return check.details().get();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static boolean probe(Check check) {
        try {
            return check.probe().getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
