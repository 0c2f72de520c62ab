package dev.meridian.platform.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.meridian.Main;
import io.helidon.config.Config;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorsSettingsTest {

    @Test
    void outsideDevNoOriginIsAllowedUntilConfigured() {
        assertThat(CorsSettings.from(config(Map.of()), false).allowedOrigins(), is(Set.of()));
        assertThat(CorsSettings.from(config(Map.of()), true).allowedOrigins(), is(Set.of("*")));
    }

    @Test
    void originsComeFromACommaSeparatedValue() {
        CorsSettings settings =
                CorsSettings.from(config(Map.of("allowed-origins", "https://a.example, https://b.example")), false);
        assertThat(settings.allowedOrigins(), is(Set.of("https://a.example", "https://b.example")));
    }

    @Test
    void methodsKeepTheirConfiguredOrder() {
        CorsSettings settings = CorsSettings.from(config(Map.of("allowed-methods", "PATCH,GET,DELETE,POST")), false);
        assertThat(List.copyOf(settings.allowedMethods()), is(List.of("PATCH", "GET", "DELETE", "POST")));
    }

    /** The server's configuration (application.yaml's defaults) with {@code http.cors.*} values on top. */
    private static Config config(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put("http.cors." + key, value));
        return Main.config(prefixed).get("http.cors");
    }
}
