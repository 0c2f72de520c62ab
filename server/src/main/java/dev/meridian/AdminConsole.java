package dev.meridian;

import dev.meridian.account.adapters.PgAccounts;
import dev.meridian.account.app.AccountBans;
import dev.meridian.account.app.Accounts;
import dev.meridian.account.app.SessionTokens;
import dev.meridian.admin.adapters.LocalWorld;
import dev.meridian.admin.api.AdminErrors;
import dev.meridian.admin.api.AdminService;
import dev.meridian.admin.app.Administration;
import dev.meridian.events.EventPublisher;
import dev.meridian.platform.Platform;
import dev.meridian.platform.http.JsonBodies;
import dev.meridian.platform.ratelimit.TokenBuckets;
import dev.meridian.web.BrowserPage;
import dev.meridian.world.WorldModule;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;

/** The wiring of the admin console: its API under {@code /v1/admin} and its page at {@code /admin}. */
final class AdminConsole {
    private AdminConsole() {}

    static void setup(
            Platform platform,
            SessionTokens sessions,
            WorldModule.InstalledWorld world,
            EventPublisher events,
            HttpRouting.Builder routing) {
        Config config = platform.config();
        Accounts accounts = platform.tracing()
                .port(Accounts.class, new PgAccounts(platform.database().dataSource()), "postgresql");
        Administration administration = new Administration(
                new LocalWorld(world.world(), world.sessions(), world.node()),
                new AccountBans(accounts, sessions),
                events);
        Config limit = config.get("admin.rate-limit");
        TokenBuckets limits = new TokenBuckets(
                limit.get("capacity").asInt().orElse(60),
                limit.get("per-minute").asInt().orElse(120),
                10_000);
        AdminErrors.register(routing);
        routing.register(
                AdminService.PATH,
                new AdminService(
                        administration,
                        new JsonBodies(config.get("http.max-body-size").asInt().get()),
                        limits,
                        Clock.systemUTC()));
        BrowserPage.register(routing, BrowserPage.ADMIN, world.addresses());
    }
}
