package dev.meridian.testing;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The tests' one reader of the Prometheus text format, as the server exposes it at {@code /metrics}. */
public final class Metrics {
    private Metrics() {}

    /** One sample line: {@code name{labels} value}; labels as written, without the braces. */
    public record Sample(String name, String labels, double value) {}

    /**
     * @param name the metric name, e.g. {@code events_dropped_total}
     * @param labelFragment a fragment of its labels, e.g. {@code reason="nats_unavailable"}, or "" for every series
     * @return the sum over every series of the server's current metrics that matches (0 when none exists yet)
     */
    public static double value(TestServer server, String name, String labelFragment) {
        return sum(server.get("/metrics").body(), name, labelFragment);
    }

    /** The same sum over a given exposition text. */
    public static double sum(String text, String name, String labelFragment) {
        return samples(text)
                .filter(sample -> sample.name().equals(name) && sample.labels().contains(labelFragment))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** The metric names of the text's samples. */
    public static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        samples(text).forEach(sample -> names.add(sample.name()));
        return names;
    }

    public static Stream<Sample> samples(String text) {
        return text.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(Metrics::sample);
    }

    private static Sample sample(String line) {
        int valueStart = line.lastIndexOf(' ');
        int labelsStart = line.indexOf('{');
        boolean labelled = labelsStart >= 0 && labelsStart < valueStart;
        String name = labelled
                ? line.substring(0, labelsStart)
                : line.substring(0, valueStart).strip();
        String labels = labelled ? line.substring(labelsStart + 1, line.lastIndexOf('}', valueStart)) : "";
        return new Sample(name, labels, Double.parseDouble(line.substring(valueStart + 1)));
    }
}
