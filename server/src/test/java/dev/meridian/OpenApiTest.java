package dev.meridian;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.account.api.AuthService;
import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.AccountBans;
import dev.meridian.account.app.Accounts;
import dev.meridian.account.app.ActiveBans;
import dev.meridian.account.app.Authentication;
import dev.meridian.account.app.CheckedAccessTokens;
import dev.meridian.account.app.Passwords;
import dev.meridian.account.app.RefreshTokens;
import dev.meridian.account.app.Roles;
import dev.meridian.account.app.SessionTokens;
import dev.meridian.account.domain.PasswordPolicy;
import dev.meridian.admin.api.AdminService;
import dev.meridian.admin.app.Administration;
import dev.meridian.admin.app.LiveWorld;
import dev.meridian.character.api.CharacterService;
import dev.meridian.character.app.CharacterRoster;
import dev.meridian.character.app.Characters;
import dev.meridian.character.domain.Spawn;
import dev.meridian.events.EventPublisher;
import dev.meridian.platform.http.JsonBodies;
import dev.meridian.platform.http.OpenApiService;
import dev.meridian.platform.ratelimit.TokenBuckets;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists exactly the operations the REST services register: no more, no fewer. */
class OpenApiTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void theDocumentMatchesTheRegisteredRoutes() throws IOException {
        Set<String> registered = new TreeSet<>();
        record(
                AuthService.PATH,
                AuthService.create(
                        authentication(),
                        sessions(),
                        new JsonBodies(1),
                        Main.config(Map.of()).get("auth.rate-limit")),
                registered);
        record(CharacterService.PATH, new CharacterService(roster(), new JsonBodies(1)), registered);
        record(
                AdminService.PATH,
                new AdminService(
                        new Administration(
                                unused(LiveWorld.class),
                                new AccountBans(unused(Accounts.class), sessions()),
                                unused(EventPublisher.class)),
                        new JsonBodies(1),
                        new TokenBuckets(1, 1, 1),
                        Clock.systemUTC()),
                registered);
        assertThat(documented(), is(registered));
    }

    private static Set<String> documented() throws IOException {
        JsonNode paths = new ObjectMapper().readTree(OpenApiService.load()).get("paths");
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().properties().forEach(op -> {
                if (HTTP_METHODS.contains(op.getKey())) {
                    operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    /** Runs the service's routing against rules that only write down each method and path. */
    private static void record(String prefix, HttpService service, Set<String> into) {
        HttpRules rules = (HttpRules) Proxy.newProxyInstance(
                OpenApiTest.class.getClassLoader(), new Class<?>[] {HttpRules.class}, (proxy, method, args) -> {
                    if (HTTP_METHODS.contains(method.getName()) && args.length > 0 && args[0] instanceof String path) {
                        into.add(method.getName().toUpperCase(Locale.ROOT) + " "
                                + (path.equals("/") ? prefix : prefix + path));
                        return proxy;
                    }
                    if (method.getName().equals("any") && args.length == 1) {
                        // a handler for every route of the service (the admin API's authorization): no operation
                        return proxy;
                    }
                    throw new AssertionError("route registered in a way this test cannot read: " + method);
                });
        service.routing(rules);
    }

    private static Authentication authentication() {
        return new Authentication(
                unused(Accounts.class),
                unused(Passwords.class),
                new PasswordPolicy(12, 128),
                sessions(),
                unused(EventPublisher.class),
                Clock.systemUTC());
    }

    private static SessionTokens sessions() {
        return new SessionTokens(
                new CheckedAccessTokens(unused(AccessTokens.class), unused(Accounts.class), Duration.ofSeconds(1)),
                unused(RefreshTokens.class),
                Roles.playersOnly(),
                ActiveBans.none(),
                Duration.ofDays(1),
                Clock.systemUTC());
    }

    private static CharacterRoster roster() {
        return new CharacterRoster(
                unused(Characters.class), unused(EventPublisher.class), new Spawn("z", 0, 0), 1, Clock.systemUTC());
    }

    /** A port no handler will call here: only the route shapes are read. */
    private static <T> T unused(Class<T> port) {
        return port.cast(
                Proxy.newProxyInstance(OpenApiTest.class.getClassLoader(), new Class<?>[] {port}, (p, m, a) -> {
                    throw new AssertionError("not expected: " + m);
                }));
    }
}
