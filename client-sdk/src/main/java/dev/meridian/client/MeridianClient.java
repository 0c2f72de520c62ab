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
 * status. After a successful {@link #register} or {@link #login} the client keeps the access token and the refresh
 * token in memory (never on disk). When the access token is about to expire, REST calls and world connections get a
 * new one from {@code POST /v1/auth/refresh}, one refresh at a time (a refresh token is single use: two concurrent
 * refreshes with the same token would look like theft to the server and end the session). The password is also kept
 * in memory, but sent again only when the server refuses the refresh token (it expired after 30 days unused, or the
 * session was ended by a logout or a password change elsewhere).
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

    private final AtomicReference<String> refreshToken = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<AuthToken>> renewing = new AtomicReference<>();

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
     * Uses a token obtained elsewhere (e.g. cached from an earlier run). Without a refresh token or credentials an
     * expired token cannot be renewed automatically.
     */
    public void useToken(AuthToken authToken) {
        token.set(Objects.requireNonNull(authToken));
    }

    /**
     * Exchanges the kept refresh token for a new access token and refresh token now. Calls made while a refresh is in
     * flight share it. Fails with 401 {@code invalid_refresh_token} when the session is over (log in again).
     */
    public CompletableFuture<AuthToken> refresh() {
        CompletableFuture<AuthToken> mine = new CompletableFuture<>();
        CompletableFuture<AuthToken> running = renewing.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        String presented = refreshToken.get();
        CompletableFuture<AuthToken> call = presented == null
                ? CompletableFuture.failedFuture(new IllegalStateException("no refresh token: log in first"))
                : post("/v1/auth/refresh", RestJson.refreshToken(presented), this::keep);
        call.whenComplete((issued, failure) -> {
            if (failure != null && refusedSession(failure)) {
                refreshToken.compareAndSet(presented, null);
            }
            renewing.set(null);
            if (failure != null) {
                mine.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
            } else {
                mine.complete(issued);
            }
        });
        return mine;
    }

    /**
     * Ends this session on the server (its refresh token and every later one of the same login) and forgets the
     * tokens and credentials here. The access token stays valid on the server until it expires (at most 15 minutes).
     */
    public CompletableFuture<Void> logout() {
        String presented = refreshToken.getAndSet(null);
        token.set(null);
        credentials.set(null);
        if (presented == null) {
            return CompletableFuture.completedFuture(null);
        }
        return post("/v1/auth/logout", RestJson.refreshToken(presented), body -> null);
    }

    /**
     * Ends every session of the account, on every device, and every access token issued so far (this client's too);
     * this client forgets its tokens and credentials.
     */
    public CompletableFuture<Void> logoutAll() {
        return withToken(access -> send(
                        request("/v1/auth/logout-all", access)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        body -> (Void) null))
                .thenApply(done -> {
                    refreshToken.set(null);
                    token.set(null);
                    credentials.set(null);
                    return done;
                });
    }

    /**
     * Changes the account's password. Every other session of the account ends and every access token issued before it
     * is refused; this client keeps its session with the new access token the server returns.
     * Fails with 403 {@code wrong_password} when {@code currentPassword} is wrong, 400 when the new one is refused.
     */
    public CompletableFuture<AuthToken> changePassword(String currentPassword, String newPassword) {
        return withToken(access -> send(
                request("/v1/auth/password", access)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                RestJson.passwordChange(currentPassword, newPassword)))
                        .build(),
                body -> {
                    AuthToken issued = RestJson.token(body, clock.instant());
                    token.set(issued);
                    credentials.updateAndGet(
                            known -> known == null ? null : new Credentials(known.email(), newPassword));
                    return issued;
                }));
    }

    /** The current token, if logged in. */
    public Optional<AuthToken> token() {
        return Optional.ofNullable(token.get());
    }

    /** The account's characters, oldest first. */
    public CompletableFuture<List<GameCharacter>> listCharacters() {
        return withToken(access -> send(request("/v1/characters", access).GET().build(), body -> {
            List<GameCharacter> characters = new ArrayList<>();
            body.forEach(node -> characters.add(RestJson.character(node)));
            return List.copyOf(characters);
        }));
    }

    /**
     * Creates a character. Names match {@code ^[A-Za-z0-9_-]{3,16}$} and are unique server-wide; an account holds at
     * most 10 characters (409 otherwise).
     *
     * @param characterClass warrior, mage, rogue, cleric or ranger; empty for the server's default
     */
    public CompletableFuture<GameCharacter> createCharacter(String name, String characterClass) {
        return withToken(access -> send(
                request("/v1/characters", access)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(RestJson.newCharacter(name, characterClass)))
                        .build(),
                RestJson::character));
    }

    /** One of the account's characters; fails with 404 {@code not_found} for another account's. */
    public CompletableFuture<GameCharacter> character(String id) {
        return withToken(
                access -> send(request("/v1/characters/" + id, access).GET().build(), RestJson::character));
    }

    /**
     * Renames one of the account's characters (same rules as {@link #createCharacter}); fails with 409
     * {@code name_taken} when another character has the name, 404 for another account's character.
     */
    public CompletableFuture<GameCharacter> renameCharacter(String id, String newName) {
        return withToken(access -> send(
                request("/v1/characters/" + id, access)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(RestJson.rename(newName)))
                        .build(),
                RestJson::character));
    }

    /**
     * Deletes one of the account's characters; a session playing it is closed first, and the name is free at once.
     * Fails with 404 {@code not_found} for another account's character.
     */
    public CompletableFuture<Void> deleteCharacter(String id) {
        return withToken(
                access -> send(request("/v1/characters/" + id, access).DELETE().build(), body -> (Void) null));
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
        HttpRequest request = HttpRequest.newBuilder(base.resolve(WorldPaths.ADDRESSES))
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

    /** Whether this client can renew its access token by itself (a refresh token, or credentials to log in with). */
    boolean canRenewToken() {
        return refreshToken.get() != null || credentials.get() != null;
    }

    /**
     * A token that is valid for at least another 30 seconds: the current one, else one from the refresh token, else
     * (the session is over) one from logging in again with the kept credentials.
     *
     * @param forceRenew the server refused the current token (e.g. after a password change elsewhere): renew it
     */
    CompletableFuture<AuthToken> freshToken(boolean forceRenew) {
        AuthToken current = token.get();
        if (current != null && !forceRenew && !current.expiresWithin(clock.instant(), 30)) {
            return CompletableFuture.completedFuture(current);
        }
        if (refreshToken.get() != null) {
            return refresh()
                    .exceptionallyCompose(failure -> refusedSession(failure) && credentials.get() != null
                            ? loginAgain()
                            : CompletableFuture.failedFuture(failure));
        }
        if (credentials.get() == null) {
            return current == null
                    ? CompletableFuture.failedFuture(new IllegalStateException("not logged in"))
                    : CompletableFuture.completedFuture(current);
        }
        return loginAgain();
    }

    private CompletableFuture<AuthToken> loginAgain() {
        Credentials known = credentials.get();
        return known == null
                ? CompletableFuture.failedFuture(new IllegalStateException("not logged in"))
                : login(known.email(), known.password());
    }

    /** The server says the refresh token's session is over (as opposed to a network failure worth retrying). */
    private static boolean refusedSession(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return cause instanceof MeridianApiException api && api.status() == 401;
    }

    private CompletableFuture<AuthToken> authenticate(String path, String email, String password) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RestJson.credentials(email, password)))
                .build();
        return send(request, body -> {
            AuthToken issued = keep(body);
            credentials.set(new Credentials(email, password));
            return issued;
        });
    }

    /** Keeps the access and refresh tokens of a register, login or refresh answer. */
    private AuthToken keep(JsonNode body) {
        AuthToken issued = RestJson.token(body, clock.instant());
        token.set(issued);
        RestJson.refreshToken(body).ifPresent(refreshToken::set);
        return issued;
    }

    private <T> CompletableFuture<T> post(String path, String json, Function<JsonNode, T> mapping) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(requestTimeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                mapping);
    }

    /** Runs {@code call} with an access token that has at least 30 seconds left, refreshed first when needed. */
    private <T> CompletableFuture<T> withToken(Function<AuthToken, CompletableFuture<T>> call) {
        if (token.get() == null) {
            throw new IllegalStateException("log in (or useToken) first");
        }
        return freshToken(false).thenCompose(call);
    }

    private HttpRequest.Builder request(String path, AuthToken access) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + access.accessToken());
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
                    if (response.statusCode() == 204) {
                        return mapping.apply(RestJson.MAPPER.missingNode());
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
