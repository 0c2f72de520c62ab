package dev.meridian.api;

import static dev.meridian.api.AccountsAndCharactersIT.json;
import static dev.meridian.api.AccountsAndCharactersIT.uniqueEmail;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.meridian.testing.Http;
import dev.meridian.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Brute-force protection on /v1/auth/*: per account and per IP, 429 with Retry-After. */
class AuthRateLimitIT {

    @Test
    void repeatedAttemptsOnOneAccountAre429WithRetryAfter() {
        try (TestServer server = TestServer.start(
                        Map.of("auth.rate-limit.account.capacity", "3", "auth.rate-limit.account.per-minute", "1"));
                Http http = new Http(server)) {
            String body = "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"wrong password guess\"}";
            for (int i = 0; i < 3; i++) {
                assertThat(http.postJson("/v1/auth/login", body).statusCode(), is(401));
            }
            HttpResponse<String> limited = http.postJson("/v1/auth/login", body);
            assertThat(limited.statusCode(), is(429));
            assertThat(json(limited).get("error").asText(), is("rate_limited"));
            long retryAfter =
                    Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
            assertThat(retryAfter >= 1 && retryAfter <= 60, is(true));
            // another account from the same client is not affected
            String other = "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"wrong password guess\"}";
            assertThat(http.postJson("/v1/auth/login", other).statusCode(), is(401));
        }
    }

    @Test
    void manyAccountsFromOneIpAre429() {
        try (TestServer server = TestServer.start(
                        Map.of("auth.rate-limit.ip.capacity", "4", "auth.rate-limit.ip.per-minute", "1"));
                Http http = new Http(server)) {
            for (int i = 0; i < 4; i++) {
                String body = "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"x\"}";
                assertThat(http.postJson("/v1/auth/register", body).statusCode(), is(400));
            }
            HttpResponse<String> limited = http.postJson("/v1/auth/register", "{}");
            assertThat(limited.statusCode(), is(429));
            assertThat(limited.headers().firstValue("retry-after").isPresent(), is(true));
        }
    }

    @Test
    void refreshAndLogoutAreLimitedPerIpLikeLogin() {
        try (TestServer server = TestServer.start(
                        Map.of("auth.rate-limit.ip.capacity", "3", "auth.rate-limit.ip.per-minute", "1"));
                Http http = new Http(server)) {
            String body = "{\"refresh_token\":\"mrt_" + "z".repeat(43) + "\"}";
            assertThat(http.postJson("/v1/auth/refresh", body).statusCode(), is(401));
            assertThat(http.postJson("/v1/auth/refresh", body).statusCode(), is(401));
            assertThat(http.postJson("/v1/auth/logout", body).statusCode(), is(204));
            HttpResponse<String> limited = http.postJson("/v1/auth/refresh", body);
            assertThat(limited.statusCode(), is(429));
            assertThat(json(limited).get("error").asText(), is("rate_limited"));
            assertThat(http.postJson("/v1/auth/logout", body).statusCode(), is(429));
        }
    }
}
