package dev.meridian.platform.http;

import io.helidon.config.Config;
import io.helidon.webserver.cors.CorsFeature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code http.cors.*} configuration, applied to the REST API with Helidon's CORS feature. Strict by default outside
 * the dev profile: no origin is allowed until {@code http.cors.allowed-origins} lists some; the dev profile allows any
 * origin so a local web client works with zero config. No credentials mode: the API uses bearer tokens, not cookies.
 */
public record CorsSettings(
        Set<String> allowedOrigins, Set<String> allowedMethods, Set<String> allowedHeaders, Duration maxAge) {
    public static final String PATH_PATTERN = "/v1/*";

    public CorsSettings {
        // in the configured order: Helidon answers a preflight in the sets' order, one header line per value on
        // HTTP/1.1, and Set.copyOf's order changes from one JVM to the next
        allowedOrigins = ordered(allowedOrigins.stream());
        allowedMethods = ordered(allowedMethods.stream());
        // browsers list Access-Control-Request-Headers in lower case, and Helidon compares them case-sensitively
        allowedHeaders = ordered(allowedHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)));
    }

    public static CorsSettings from(Config cors, boolean devProfile) {
        return new CorsSettings(
                // the one default that depends on the profile, so it cannot live in application.yaml
                cors.get("allowed-origins").exists()
                        ? list(cors.get("allowed-origins"))
                        : devProfile ? Set.of("*") : Set.of(),
                list(cors.get("allowed-methods")),
                // "*" by default: Helidon 4.5 does not split a browser's "authorization,content-type" request-header
                // list, so a finite list refuses every preflight that asks for two headers; the origin is the control
                list(cors.get("allowed-headers")),
                cors.get("max-age").as(Duration.class).get());
    }

    public CorsFeature feature() {
        return CorsFeature.builder()
                .addDefaults(false)
                .pathsDiscoverServices(false)
                .addPath(path -> path.pathPattern(PATH_PATTERN)
                        .allowOrigins(allowedOrigins)
                        .allowMethods(allowedMethods)
                        .allowHeaders(allowedHeaders)
                        .exposeHeaders(Set.of("Location", "Retry-After", "WWW-Authenticate", "X-Request-Id"))
                        .allowCredentials(false)
                        .maxAge(maxAge))
                .build();
    }

    private static Set<String> ordered(Stream<String> values) {
        Set<String> inOrder = values.collect(Collectors.toCollection(LinkedHashSet::new));
        return Collections.unmodifiableSet(inOrder);
    }

    /** A YAML list, or one comma-separated value (as an environment variable gives it). */
    private static Set<String> list(Config node) {
        return new LinkedHashSet<>(
                node.isList()
                        ? node.asList(String.class).get()
                        : Arrays.stream(node.asString().get().split(","))
                                .map(String::strip)
                                .filter(v -> !v.isEmpty())
                                .toList());
    }
}
