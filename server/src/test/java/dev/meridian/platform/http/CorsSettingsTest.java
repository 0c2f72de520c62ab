package dev.meridian.platform.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
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

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }
}
