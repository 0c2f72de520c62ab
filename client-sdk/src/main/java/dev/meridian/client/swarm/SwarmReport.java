package dev.meridian.client.swarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The swarm's one JSON document. Rates are per second of the measured window; latencies in milliseconds;
 * {@code server} appears only with {@code --server-pid}, {@code server_tick_ms} when the server's {@code /metrics}
 * exposes its tick durations (quantiles over the server's recent window, overruns counted over ours) and, as
 * {@code zones_p99}, the busiest zone's exact tick p99 over its last minute from {@code GET /v1/world/zones}. Field
 * names are stable: benchmarks and tests read them.
 */
final class SwarmReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024.0 * 1024.0;

    private SwarmReport() {}

    static ObjectNode build(SwarmOptions options, SwarmMetrics metrics, Window window, int observerViewSize) {
        ObjectNode report = JSON.createObjectNode();
        report.put("transport", options.transportName());
        report.put("pattern", options.pattern().name().toLowerCase(Locale.ROOT));
        report.put("server_url", options.server());
        report.put("bots", options.bots());
        report.put("connected", window.connectedAtEnd());
        report.put("joined", metrics.joinedEver.get());
        report.put("redirects_followed", metrics.redirects.sum());
        report.put("zone_changes", metrics.zoneChanges.sum());
        ObjectNode errors = report.putObject("errors");
        metrics.errors().forEach(errors::put);
        report.put("errors_total", metrics.errorCount());
        ObjectNode examples = report.putObject("error_examples");
        metrics.firstMessages().forEach(examples::put);
        report.put("duration_s", round(window.seconds()));
        report.put("move_rate", options.moveRate());
        report.put("phase", options.phase().name().toLowerCase(Locale.ROOT));
        report.put("tick_rate", metrics.tickRate());
        report.put("phase_shifts", window.phaseShifts());
        report.put("jit_settle_s", round(window.jitSettleSeconds()));
        double seconds = Math.max(window.seconds(), 1e-9);
        double clients = Math.max(window.averageConnected(), 1e-9);
        Totals traffic = window.traffic();
        report.put("moves_per_s", round(traffic.moves() / seconds));
        report.put("messages_in_per_s", round(traffic.messages() / seconds));
        report.put("snapshots_per_s", round(traffic.snapshots() / seconds));
        report.put("snapshots_per_client_per_s", round(traffic.snapshots() / seconds / clients));
        report.put("bytes_in_per_client_per_s", round(traffic.bytes() / seconds / clients));
        latency(report.putObject("input_ack_ms"), metrics.inputAckWindow());
        latency(report.putObject("rtt_ms"), metrics.rttWindow());
        report.put("observer_view_size", observerViewSize);
        process(report, "server", window.serverBefore(), window.serverAfter(), window, metrics.tickRate());
        window.serverJitPercent().ifPresent(percent -> {
            if (report.get("server") instanceof ObjectNode server) {
                server.put("jit_cpu_percent", round(percent));
            }
        });
        window.ticksAfter().ifPresent(after -> {
            ObjectNode ticks = report.putObject("server_tick_ms");
            ticks.put("p50", round(after.p50Millis()));
            ticks.put("p99", round(after.p99Millis()));
            ticks.put("max", round(after.maxMillis()));
            window.ticksBefore().ifPresent(before -> ticks.put("overruns", after.overruns() - before.overruns()));
        });
        window.zonesTickP99().ifPresent(p99 -> {
            ObjectNode ticks = report.get("server_tick_ms") instanceof ObjectNode existing
                    ? existing
                    : report.putObject("server_tick_ms");
            ticks.put("zones_p99", round(p99));
        });
        process(report, "swarm", window.swarmBefore(), window.swarmAfter(), window, 0);
        return report;
    }

    private static void latency(ObjectNode node, Histogram histogram) {
        node.put("samples", histogram.getTotalCount());
        node.put("p50", millis(histogram.getValueAtPercentile(50)));
        node.put("p90", millis(histogram.getValueAtPercentile(90)));
        node.put("p99", millis(histogram.getValueAtPercentile(99)));
        node.put("max", millis(histogram.getMaxValue()));
    }

    private static void process(
            ObjectNode report,
            String name,
            Optional<ProcessSample> before,
            Optional<ProcessSample> after,
            Window window,
            int tickRate) {
        if (before.isEmpty() || after.isEmpty()) {
            return;
        }
        ObjectNode node = report.putObject(name);
        double cpuPercent = after.get().cpuPercentSince(before.get(), window.seconds());
        node.put("cpu_percent", round(cpuPercent));
        if (tickRate > 0 && window.averageConnected() > 0) {
            // CPU µs per player-tick: the server's CPU time over the window spread over every player's every tick
            double playerTicks = window.averageConnected() * tickRate * window.seconds();
            double cpuMicros = (after.get().cpuSeconds() - before.get().cpuSeconds()) * 1e6;
            node.put("cpu_us_per_player_tick", round(cpuMicros / playerTicks));
        }
        node.put("rss_mb", round(after.get().rssBytes() / MIB));
        node.put("peak_rss_mb", round(after.get().peakRssBytes() / MIB));
    }

    private static double millis(long micros) {
        return round(micros / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
