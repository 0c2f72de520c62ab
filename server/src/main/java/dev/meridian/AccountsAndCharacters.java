package dev.meridian;

import dev.meridian.account.adapters.Argon2Passwords;
import dev.meridian.account.adapters.Argon2Settings;
import dev.meridian.account.adapters.PgAccounts;
import dev.meridian.account.adapters.PgRefreshTokens;
import dev.meridian.account.api.AccountErrors;
import dev.meridian.account.api.AuthService;
import dev.meridian.account.api.BearerAuthentication;
import dev.meridian.account.app.Accounts;
import dev.meridian.account.app.ActiveBans;
import dev.meridian.account.app.AdminRoles;
import dev.meridian.account.app.Authentication;
import dev.meridian.account.app.CheckedAccessTokens;
import dev.meridian.account.app.Passwords;
import dev.meridian.account.app.RefreshTokenPurge;
import dev.meridian.account.app.RefreshTokens;
import dev.meridian.account.app.SessionTokens;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.PasswordPolicy;
import dev.meridian.admin.api.AdminService;
import dev.meridian.character.adapters.PgCharacters;
import dev.meridian.character.adapters.RedisCharacterCache;
import dev.meridian.character.api.CharacterErrors;
import dev.meridian.character.api.CharacterService;
import dev.meridian.character.app.CharacterListCache;
import dev.meridian.character.app.CharacterPresence;
import dev.meridian.character.app.CharacterRoster;
import dev.meridian.character.app.Characters;
import dev.meridian.character.domain.Spawn;
import dev.meridian.events.EventPublisher;
import dev.meridian.platform.ConfigLists;
import dev.meridian.platform.Platform;
import dev.meridian.platform.http.CorsSettings;
import dev.meridian.platform.http.JsonBodies;
import dev.meridian.platform.http.OpenApiService;
import dev.meridian.platform.shutdown.ShutdownPhase;
import dev.meridian.platform.tracing.Tracing;
import dev.meridian.world.WorldMapConfig;
import dev.meridian.world.domain.ZoneDefinition;
import io.helidon.config.Config;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The wiring of the REST API: accounts, characters, CORS, OpenAPI (docs/api.md, docs/configuration.md). */
final class AccountsAndCharacters {
    private AccountsAndCharacters() {}

    /** The one store of characters and the cache of its lists: the REST API and the world share them. */
    record CharacterStore(Characters characters, CharacterListCache cache) {}

    static CharacterStore characterStore(Platform platform) {
        Characters characters = platform.tracing()
                .port(Characters.class, new PgCharacters(platform.database().dataSource()), "postgresql");
        Config cacheConfig = platform.config().get("characters.cache");
        CharacterListCache cache = cacheConfig.get("enabled").asBoolean().get()
                ? platform.tracing()
                        .port(
                                CharacterListCache.class,
                                new RedisCharacterCache(
                                        platform.redis(),
                                        cacheConfig
                                                .get("ttl")
                                                .as(Duration.class)
                                                .get(),
                                        platform.metrics()),
                                "redis")
                : CharacterListCache.none();
        return new CharacterStore(characters, cache);
    }

    /**
     * @param presence takes a character out of the world before it is deleted
     * @return the sessions (logins) of accounts, which a ban ends
     */
    static SessionTokens setup(
            Platform platform,
            CheckedAccessTokens tokens,
            CharacterStore characters,
            CharacterPresence presence,
            EventPublisher events,
            WebServerConfig.Builder server,
            HttpRouting.Builder routing) {
        Config config = platform.config();
        JsonBodies bodies =
                new JsonBodies(config.get("http.max-body-size").asInt().get());
        server.addFeature(
                CorsSettings.from(config.get("http.cors"), platform.profile().dev())
                        .feature());
        List<String> protectedPaths = new ArrayList<>(AuthService.BEARER_PATHS);
        protectedPaths.add(CharacterService.PATH);
        protectedPaths.add(AdminService.PATH);
        routing.addFilter(new BearerAuthentication(tokens, protectedPaths));
        AccountErrors.register(routing);
        CharacterErrors.register(routing);

        Accounts accounts = platform.tracing()
                .port(Accounts.class, new PgAccounts(platform.database().dataSource()), "postgresql");
        RefreshTokens refreshTokens = platform.tracing()
                .port(
                        RefreshTokens.class,
                        new PgRefreshTokens(platform.database().dataSource()),
                        "postgresql");
        SessionTokens sessions = new SessionTokens(
                tokens,
                refreshTokens,
                new AdminRoles(admins(config.get("admin.accounts")), accounts),
                ActiveBans.from(accounts),
                config.get("auth.refresh.ttl").as(Duration.class).get(),
                Clock.systemUTC());
        RefreshTokenPurge purge = new RefreshTokenPurge(
                        refreshTokens,
                        Clock.systemUTC(),
                        config.get("auth.refresh.revoked-retention")
                                .as(Duration.class)
                                .get())
                .start(config.get("auth.refresh.purge-interval")
                        .as(Duration.class)
                        .get());
        platform.shutdown().register(ShutdownPhase.CLOSE_CLIENTS, "refresh-token-purge", purge::close);
        routing.register(
                AuthService.PATH,
                AuthService.create(
                        authentication(platform, sessions, events), sessions, bodies, config.get("auth.rate-limit")));
        routing.register(
                CharacterService.PATH, new CharacterService(roster(platform, characters, presence, events), bodies));
        routing.register(OpenApiService.PATH, new OpenApiService());
        return sessions;
    }

    /** {@code admin.accounts}: the emails of the accounts that are admins whatever the database says. */
    private static Set<Email> admins(Config list) {
        Set<Email> emails = new HashSet<>();
        for (String text : ConfigLists.of(list, List.of())) {
            emails.add(Email.parse(text)
                    .orElseThrow(() -> new IllegalArgumentException("admin.accounts: not an email address: " + text)));
        }
        return emails;
    }

    private static Authentication authentication(Platform platform, SessionTokens sessions, EventPublisher events) {
        Config auth = platform.config().get("auth");
        Argon2Passwords passwords =
                auth.get("hashing.pause-for-ticks").asBoolean().get()
                        ? new Argon2Passwords(Argon2Settings.from(auth), platform.foreground())
                        : new Argon2Passwords(Argon2Settings.from(auth));
        platform.shutdown().register(ShutdownPhase.CLOSE_CLIENTS, "password-hashing", passwords::close);
        PasswordPolicy policy = new PasswordPolicy(
                auth.get("password.min-length").asInt().get(),
                auth.get("password.max-length").asInt().get());
        Tracing tracing = platform.tracing();
        return new Authentication(
                tracing.port(Accounts.class, new PgAccounts(platform.database().dataSource()), "postgresql"),
                tracing.port(Passwords.class, passwords, "argon2id"),
                policy,
                sessions,
                events,
                Clock.systemUTC());
    }

    private static CharacterRoster roster(
            Platform platform, CharacterStore store, CharacterPresence presence, EventPublisher events) {
        Config config = platform.config();
        // a new character starts at the spawn point of the world map's default zone
        ZoneDefinition start = WorldMapConfig.read(config).defaultZoneDefinition();
        Spawn spawn = new Spawn(start.id(), start.spawn().x(), start.spawn().y());
        return new CharacterRoster(
                store.characters(),
                store.cache(),
                presence,
                events,
                spawn,
                config.get("characters.max-per-account").asInt().get(),
                Clock.systemUTC());
    }
}
