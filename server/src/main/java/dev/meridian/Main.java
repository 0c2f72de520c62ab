package dev.meridian;

import dev.meridian.account.adapters.JwtAccessTokens;
import dev.meridian.account.adapters.JwtSettings;
import dev.meridian.account.adapters.PgAccounts;
import dev.meridian.account.app.Accounts;
import dev.meridian.account.app.CheckedAccessTokens;
import dev.meridian.account.app.SessionTokens;
import dev.meridian.character.app.CharacterPositions;
import dev.meridian.character.app.CharacterPresence;
import dev.meridian.events.EventPublisher;
import dev.meridian.platform.Platform;
import dev.meridian.platform.events.NatsEventPublisher;
import dev.meridian.platform.http.ErrorHandling;
import dev.meridian.platform.http.HeaderReadTimeout;
import dev.meridian.platform.http.RequestObservation;
import dev.meridian.platform.logging.ClientDisconnects;
import dev.meridian.platform.logging.ShutdownLogging;
import dev.meridian.platform.shutdown.ShutdownPhase;
import dev.meridian.platform.tracing.Tracing;
import dev.meridian.web.BrowserPage;
import dev.meridian.world.WorldModule;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Composition root: config, then adapters, then services, then routing; start and stop. */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(AdminCommand.run(List.of(args), config(Map.of()), System.out, System.err));
        }
        if (args.length > 0) {
            System.err.println("unknown command " + args[0] + "; " + AdminCommand.USAGE);
            System.exit(2);
        }
        long started = System.nanoTime();
        Meridian meridian = start(config(Map.of()));
        LOG.log(
                Level.INFO,
                "event=started port=" + meridian.port() + " world_port=" + meridian.worldPort() + " profile="
                        + meridian.platform().profile() + " ms=" + (System.nanoTime() - started) / 1_000_000);
        // without the guard the LogManager's own shutdown hook may close the handlers before the steps have logged
        Runnable loggingDone = ShutdownLogging.holdOpenUntilDone(
                meridian.platform().shutdown().deadline().plusSeconds(5));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                meridian.stopAndHalt();
                            } finally {
                                loggingDone.run();
                            }
                        },
                        "meridian-shutdown"));
    }

    /**
     * The configuration: {@code overrides} first (tests), then environment variables, system properties and
     * {@code application.yaml} from the jar. docs/configuration.md lists every key.
     */
    public static Config config(Map<String, String> overrides) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(overrides))
                .addSource(ConfigSources.environmentVariables())
                .addSource(ConfigSources.systemProperties())
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    /** Starts the whole server; production and every server test go through here. */
    public static Meridian start(Config config) {
        return start(config, Tracing.from(config.get("tracing")));
    }

    /** @param tracing where spans go: from {@code tracing.*} in production, to memory in tracing tests */
    public static Meridian start(Config config, Tracing tracing) {
        Platform platform = Platform.start(config, tracing);
        WebServerConfig.Builder server =
                WebServer.builder().config(config.get("server")).shutdownHook(false);
        HeaderReadTimeout headerTimeout = HeaderReadTimeout.start(
                config.get("http.header-timeout").as(Duration.class).get());
        // HTTP/1.1 only, and no protocol found on the class path: with a single protocol Helidon 4.5 hands a new
        // connection to it at once, so server.idle-connection-timeout bounds the wait for the first request line too.
        // With a second one (HTTP/2) it first reads until it can tell them apart, outside of every timeout: a
        // connection that never completed its request line was never closed.
        server.protocolsDiscoverServices(false)
                .addProtocol(
                        Http1Config.builder().addReceiveListener(headerTimeout).build());
        HttpRouting.Builder routing = HttpRouting.builder();
        // the HTTP routing goes first: Helidon refuses it once WebSocket or gRPC routings were added
        server.addRouting(routing);
        WorldModule.InstalledWorld world = setup(platform, server, routing);
        WebServer webServer = server.build().start();
        // after the start: Helidon configures java.util.logging while it starts
        ClientDisconnects.install();
        platform.shutdown().register(ShutdownPhase.STOP_SERVER, "web-server", () -> {
            webServer.stop();
            headerTimeout.close();
        });
        return new Meridian(webServer, world.realtime(), platform);
    }

    /** The routes and protocols of the server, shared by production and tests. */
    static WorldModule.InstalledWorld setup(
            Platform platform, WebServerConfig.Builder server, HttpRouting.Builder routing) {
        server.addFeature(ObserveFeature.builder()
                .endpoint("/")
                .addObserver(MetricsObserver.builder().endpoint("metrics").build())
                .build());
        routing.addFilter(new RequestObservation(
                platform.metrics(),
                platform.config().get("server.access-log").asBoolean().get(),
                platform.tracing()));
        ErrorHandling.register(routing);
        routing.register(platform.health());

        // the one verification of the whole server: the REST bearer filter and the world transports use it, so a
        // revoked token or a deleted account's token is refused everywhere alike
        CheckedAccessTokens tokens = new CheckedAccessTokens(
                new JwtAccessTokens(JwtSettings.from(
                        platform.config().get("auth.jwt"), platform.profile().dev())),
                platform.tracing()
                        .port(Accounts.class, new PgAccounts(platform.database().dataSource()), "postgresql"),
                platform.config()
                        .get("auth.token-check.cache-ttl")
                        .as(Duration.class)
                        .get());
        EventPublisher events = NatsEventPublisher.start(platform);
        AccountsAndCharacters.CharacterStore characters = AccountsAndCharacters.characterStore(platform);
        WorldModule.InstalledWorld world = WorldModule.install(
                platform, routing, tokens, events, new CharacterPositions(characters.characters(), characters.cache()));
        // a deleted character leaves the world first (its session is told character_deleted)
        CharacterPresence presence = (character, reason) -> world.sessions().characterDeleted(character.value());
        SessionTokens sessions =
                AccountsAndCharacters.setup(platform, tokens, characters, presence, events, server, routing);
        AdminConsole.setup(platform, sessions, world, events, routing);

        BrowserPage.register(routing, BrowserPage.PLAY, world.addresses());
        ErrorHandling.registerNotFound(routing);
        return world;
    }
}
