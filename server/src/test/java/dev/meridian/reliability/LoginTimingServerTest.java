package dev.meridian.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import dev.meridian.testing.Http;
import dev.meridian.testing.TestServer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "Login timing": a login with a registered email and a wrong password costs as long as one with an email
 * nobody registered (both answer 401), so timing does not tell who has an account. Logins alternate between the two
 * so that the machine's load falls on both alike; the medians' difference is printed (the target is under 10 %) and
 * asserted with a margin for a loaded CI machine.
 */
class LoginTimingServerTest {
    private static final int ROUNDS = 25;
    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void anExistingAndAnUnknownEmailTakeAsLongToRefuse() {
        try (TestServer server = TestServer.start(Map.of(
                        "auth.rate-limit.ip.capacity", "100000",
                        "auth.rate-limit.account.capacity", "100000"));
                Http http = new Http(server)) {
            assertThat(
                    http.postJson("/v1/auth/register", body("known@timing.test", PASSWORD))
                            .statusCode(),
                    is(201));
            long[] known = new long[ROUNDS];
            long[] unknown = new long[ROUNDS];
            login(http, "known@timing.test"); // the first login warms the code paths for both
            for (int i = 0; i < ROUNDS; i++) {
                known[i] = login(http, "known@timing.test");
                unknown[i] = login(http, "nobody-" + i + "@timing.test");
            }
            double knownMs = median(known) / 1e6;
            double unknownMs = median(unknown) / 1e6;
            double difference = Math.abs(knownMs - unknownMs) / Math.max(knownMs, unknownMs);
            System.out.println(String.format(
                    Locale.ROOT,
                    "reliability scenario=login_timing rounds=%d existing_median_ms=%.1f unknown_median_ms=%.1f"
                            + " difference_pct=%.1f load_average=%.2f",
                    ROUNDS,
                    knownMs,
                    unknownMs,
                    100 * difference,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage()));
            // without the dummy verification an unknown email answers in a fraction of the time (a difference of
            // 90 % and more); the target is 10 %, the margin is the loaded machine's
            assertThat("relative difference of the medians", difference, lessThan(0.3));
        }
    }

    /** Nanoseconds one refused login took. */
    private static long login(Http http, String email) {
        long started = System.nanoTime();
        int status = http.postJson("/v1/auth/login", body(email, "not the password at all"))
                .statusCode();
        long took = System.nanoTime() - started;
        assertThat(email, status, is(401));
        return took;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String body(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }
}
