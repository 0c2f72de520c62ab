package dev.meridian.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The Meridian client: accounts and characters over REST, and {@link #connect(WorldOptions) world connections} over
 * gRPC or WebSocket.
 *
 * <p>Every network call returns a {@link CompletableFuture} at once and never blocks the calling thread; a refused
 * request completes exceptionally with a {@link MeridianApiException} carrying the server's error code and the HTTP
 * status. After a successful {@link #register} or {@link #login} the client keeps the token for later calls and
 * remembers the credentials in memory, so that a world connection can log in again when the token has expired.
 *
 * <pre>{@code
 * try (MeridianClient client = MeridianClient.create("http://127.0.0.1:8080")) {
 *     client.login("ada@example.com", "correct horse battery").join();
 *     GameCharacter hero = client.createCharacter("Ada", "mage").join();
 *     WorldConnection world = client.connect(WorldOptions.builder(hero.id()).listener(myListener).build());
 *     world.move(1, 0);
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class MeridianClient implements AutoCloseable {
    private final URI base;
    private final ClientResources resources;
    private final boolean ownsResources;
    private final Duration requestTimeout;
    private final Clock clock;
    private final AtomicReference<AuthToken> token = new AtomicReference<>();
    private final AtomicReference<Credentials> credentials = new AtomicReference<>();
    /** The world's addresses, asked once and kept (a failed answer is asked again next time). */
    private final AtomicReference<CompletableFuture<WorldEndpoint>> worldEndpoint = new AtomicReference<>();

    private record Credentials(String email, String password) {}

    private MeridianClient(Builder builder) {
        this.base = builder.base;
        this.resources = builder.resources == null ? ClientResources.create() : builder.resources;
        this.ownsResources = builder.resources == null;
        this.requestTimeout = builder.requestTimeout;
        this.clock = builder.clock;
    }

    /** A client of the server at {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}) with resources of its own. */
    public static MeridianClient create(String baseUrl) {
        return builder(baseUrl).build();
    }

    /** Starts configuring a client of the server at {@code baseUrl}. */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** The server's base address. */
    public URI baseUri() {
        return base;
    }

    /** Creates an account and keeps its token. Fails with 409 {@code email_taken} if the email is registered. */
    public CompletableFuture<AuthToken> register(String email, String password) {
        return authenticate("/v1/auth/register", email, password);
    }

    /** Logs in and keeps the token. Fails with 401 {@code invalid_credentials} for an unknown email or password. */
    public CompletableFuture<AuthToken> login(String email, String password) {
        return authenticate("/v1/auth/login", email, password);
    }

    /**
     * Uses a token obtained elsewhere (e.g. cached from an earlier run). Without credentials an expired token cannot be
     * renewed automatically.
     */
    public void useToken(AuthToken authToken) {
        token.set(Objects.requireNonNull(authToken));
    }

    /** The current token, if logged in. */
    public Optional<AuthToken> token() {
        return Optional.ofNullable(token.get());
    }

    /** The account's characters, oldest first. */
    public CompletableFuture<List<GameCharacter>> listCharacters() {
        return send(authorized("/v1/characters").GET().build(), body -> {
            List<GameCharacter> characters = new ArrayList<>();
            body.forEach(node -> characters.add(RestJson.character(node)));
            return List.copyOf(characters);
        });
    }

    /**
     * Creates a character. Names match {@code ^[A-Za-z0-9_-]{3,16}$} and are unique server-wide; an account holds at
     * most 10 characters (409 otherwise).
     *
     * @param characterClass warrior, mage, rogue, cleric or ranger; empty for the server's default
     */
    public CompletableFuture<GameCharacter> createCharacter(String name, String characterClass) {
        HttpRequest request = authorized("/v1/characters")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RestJson.newCharacter(name, characterClass)))
                .build();
        return send(request, RestJson::character);
    }

    /** One of the account's characters; fails with 404 {@code not_found} for another account's. */
    public CompletableFuture<GameCharacter> character(String id) {
        return send(authorized("/v1/characters/" + id).GET().build(), RestJson::character);
    }

    /**
     * Opens a world connection and joins {@code options.characterId()}. Returns at once; the outcome arrives at the
     * listener ({@code onWelcome}, or {@code onClose} when it fails). Requires a token.
     */
    public WorldConnection connect(WorldOptions options) {
        if (token.get() == null) {
            throw new IllegalStateException("log in (or useToken) before connecting to the world");
        }
        return WorldConnection.open(this, options);
    }

    /** Where the server's realtime world listens ({@code GET /v1/world}), asked once per client. */
    public CompletableFuture<WorldEndpoint> worldEndpoint() {
        CompletableFuture<WorldEndpoint> known = worldEndpoint.get();
        if (known != null && !known.isCompletedExceptionally()) {
            return known;
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/world"))
                .timeout(requestTimeout)
                .GET()
                .build();
        CompletableFuture<WorldEndpoint> asked = send(request, RestJson::worldEndpoint);
        worldEndpoint.set(asked);
        return asked;
    }

    /** Closes the client's own resources (not shared ones passed to the builder). */
    @Override
    public void close() {
        if (ownsResources) {
            resources.close();
        }
    }

    ClientResources resources() {
        return resources;
    }

    Clock clock() {
        return clock;
    }

    /** Whether this client can log in again by itself (it logged in or registered, rather than being given a token). */
    boolean canRenewToken() {
        return credentials.get() != null;
    }

    /** A token that is valid for at least another 30 seconds, logging in again with the kept credentials if needed. */
    CompletableFuture<AuthToken> freshToken(boolean forceLogin) {
        AuthToken current = token.get();
        if (current != null && !forceLogin && !current.expiresWithin(clock.instant(), 30)) {
            return CompletableFuture.completedFuture(current);
        }
        Credentials known = credentials.get();
        if (known == null) {
            return current == null
                    ? CompletableFuture.failedFuture(new IllegalStateException("not logged in"))
                    : CompletableFuture.completedFuture(current);
        }
        return login(known.email(), known.password());
    }

    private CompletableFuture<AuthToken> authenticate(String path, String email, String password) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RestJson.credentials(email, password)))
                .build();
        return send(request, body -> {
            AuthToken issued = RestJson.token(body, clock.instant());
            token.set(issued);
            credentials.set(new Credentials(email, password));
            return issued;
        });
    }

    private HttpRequest.Builder authorized(String path) {
        AuthToken current = token.get();
        if (current == null) {
            throw new IllegalStateException("log in (or useToken) first");
        }
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + current.accessToken());
    }

    private <T> CompletableFuture<T> send(HttpRequest request, Function<JsonNode, T> mapping) {
        return resources
                .http()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        throw MeridianApiException.network(cause);
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw RestJson.error(response);
                    }
                    return mapping.apply(RestJson.parse(response.body()));
                });
    }

    /** Configures a {@link MeridianClient}. */
    public static final class Builder {
        private final URI base;
        private ClientResources resources;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder(String baseUrl) {
            URI uri = URI.create(baseUrl);
            if (uri.getHost() == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("base URL must be http(s)://host[:port]: " + baseUrl);
            }
            this.base = uri;
        }

        /** Shares threads and connections with other clients (see {@link ClientResources}); the caller closes them. */
        public Builder resources(ClientResources shared) {
            this.resources = Objects.requireNonNull(shared);
            return this;
        }

        /** How long a REST call may take before it fails with {@link MeridianApiException#NETWORK_ERROR}. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The clock that decides when a token has expired (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The client as configured. */
        public MeridianClient build() {
            return new MeridianClient(this);
        }
    }
}
