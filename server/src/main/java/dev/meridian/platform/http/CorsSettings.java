package dev.meridian.platform.http;

import dev.meridian.platform.ConfigLists;
import io.helidon.config.Config;
import io.helidon.webserver.cors.CorsFeature;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code http.cors.*} configuration, applied to the REST API with Helidon's CORS feature. Strict by default outside
 * the dev profile: no origin is allowed until {@code http.cors.allowed-origins} lists some; the dev profile allows any
 * origin so a local web client works with zero config. No credentials mode: the API uses bearer tokens, not cookies.
 */
public record CorsSettings(
        Set<String> allowedOrigins, Set<String> allowedMethods, Set<String> allowedHeaders, Duration maxAge) {
    public static final String PATH_PATTERN = "/v1/*";

    public CorsSettings {
        allowedOrigins = Set.copyOf(allowedOrigins);
        allowedMethods = Set.copyOf(allowedMethods);
        // browsers list Access-Control-Request-Headers in lower case, and Helidon compares them case-sensitively
        allowedHeaders =
                allowedHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public static CorsSettings from(Config cors, boolean devProfile) {
        return new CorsSettings(
                ConfigLists.of(cors.get("allowed-origins"), devProfile ? List.of("*") : List.of()),
                ConfigLists.of(cors.get("allowed-methods"), List.of("GET", "POST", "PATCH", "DELETE")),
                // "*" by default: Helidon 4.5 does not split a browser's "authorization,content-type" request-header
                // list, so a finite list refuses every preflight that asks for two headers; the origin is the control
                ConfigLists.of(cors.get("allowed-headers"), List.of("*")),
                cors.get("max-age").as(Duration.class).orElse(Duration.ofHours(1)));
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
}
