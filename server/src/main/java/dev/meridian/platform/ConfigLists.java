package dev.meridian.platform;

import io.helidon.config.Config;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A configuration list, given either as a YAML list or as one comma-separated string: the form an environment
 * variable can carry ({@code HTTP_CORS_ALLOWED_dash_ORIGINS=a,b}).
 */
public final class ConfigLists {
    private ConfigLists() {}

    public static Set<String> of(Config node, List<String> fallback) {
        List<String> values = node.isList()
                ? node.asList(String.class).get()
                : node.asString()
                        .map(s -> Arrays.stream(s.split(","))
                                .map(String::strip)
                                .filter(v -> !v.isEmpty())
                                .toList())
                        .orElse(fallback);
        return new LinkedHashSet<>(values);
    }
}
