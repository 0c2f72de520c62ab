package dev.meridian.testing;

import java.util.Arrays;

/** Reads one value from the server's Prometheus text at {@code /metrics}. */
public final class Metrics {
    private Metrics() {}

    /**
     * @param series the metric name, optionally with a fragment of its labels, e.g. {@code events_dropped_total} and
     *     {@code reason="nats_unavailable"}
     * @return the sum over every series that matches (0 when none exists yet)
     */
    public static double value(TestServer server, String name, String labelFragment) {
        String text = server.get("/metrics").body();
        return Arrays.stream(text.split("\n"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> line.contains(labelFragment))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
