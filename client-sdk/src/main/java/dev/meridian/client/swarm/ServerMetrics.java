package dev.meridian.client.swarm;

import java.util.Optional;

/**
 * The server's own view of its tick loop, read from its Prometheus endpoint ({@code GET /metrics}): the
 * {@code world_tick_duration_seconds} quantiles (of the busiest zone) and the {@code world_tick_overruns_total}
 * counter. The spread target is a tick p99, which only the server can see.
 *
 * @param p50Millis the median tick duration (the server's recent window)
 * @param p99Millis the 99th percentile
 * @param maxMillis the largest recent tick
 * @param overruns ticks that took longer than the tick period, since the server started (all zones)
 */
record ServerMetrics(double p50Millis, double p99Millis, double maxMillis, long overruns) {
    private static final String DURATION = "world_tick_duration_seconds{";
    private static final String MAX = "world_tick_duration_seconds_max{";
    private static final String OVERRUNS = "world_tick_overruns_total{";

    /** Reads them now; empty when the server does not answer or exposes no tick metrics. */
    static Optional<ServerMetrics> scrape(String server) {
        return ServerGet.text(server, "/metrics", "text/plain").flatMap(ServerMetrics::parse);
    }

    /** Parses the Prometheus text format; the largest value across zones wins, overruns are summed. */
    static Optional<ServerMetrics> parse(String text) {
        double p50 = -1;
        double p99 = -1;
        double max = -1;
        long overruns = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(DURATION)) {
                if (line.contains("quantile=\"0.5\"")) {
                    p50 = Math.max(p50, value(line));
                } else if (line.contains("quantile=\"0.99\"")) {
                    p99 = Math.max(p99, value(line));
                }
            } else if (line.startsWith(MAX)) {
                max = Math.max(max, value(line));
            } else if (line.startsWith(OVERRUNS)) {
                overruns += (long) value(line);
            }
        }
        if (p99 < 0) {
            return Optional.empty();
        }
        return Optional.of(new ServerMetrics(p50 * 1000, p99 * 1000, max * 1000, overruns));
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
    }
}
