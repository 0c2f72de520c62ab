package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.testing.TestServer;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST half of the SDK against the real server. */
class MeridianClientServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static TestServer server;
    private static ClientResources resources;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        resources = ClientResources.create();
    }

    @AfterAll
    static void stop() {
        resources.close();
        server.close();
    }

    private MeridianClient client() {
        return MeridianClient.builder(server.baseUrl()).resources(resources).build();
    }

    private static MeridianApiException failure(CompletableFuture<?> call) {
        CompletionException thrown = assertThrows(CompletionException.class, call::join);
        return assertInstanceOf(MeridianApiException.class, thrown.getCause());
    }

    @Test
    void registerThenLoginGiveTokens() {
        MeridianClient client = client();
        AuthToken registered = client.register("ada@sdk.test", PASSWORD).join();
        assertFalse(registered.accountId().isEmpty());
        assertTrue(registered.expiresAt().isAfter(Instant.now()));

        AuthToken loggedIn = client().login("ada@sdk.test", PASSWORD).join();
        assertEquals(registered.accountId(), loggedIn.accountId());
    }

    @Test
    void refusalsCarryTheServersCodeAndStatus() {
        client().register("bob@sdk.test", PASSWORD).join();

        MeridianApiException duplicate = failure(client().register("bob@sdk.test", PASSWORD));
        assertEquals(409, duplicate.status());
        assertEquals("email_taken", duplicate.code());

        MeridianApiException wrongPassword = failure(client().login("bob@sdk.test", "not the password at all"));
        assertEquals(401, wrongPassword.status());
        assertEquals("invalid_credentials", wrongPassword.code());

        MeridianApiException shortPassword = failure(client().register("carol@sdk.test", "short"));
        assertEquals(400, shortPassword.status());
        assertEquals("validation_failed", shortPassword.code());
        assertTrue(shortPassword.fields().containsKey("password"), "fields: " + shortPassword.fields());
    }

    @Test
    void charactersAreCreatedListedAndFetched() {
        MeridianClient client = client();
        client.register("dora@sdk.test", PASSWORD).join();
        assertEquals(List.of(), client.listCharacters().join());

        GameCharacter first = client.createCharacter("Dora_1", "mage").join();
        GameCharacter second = client.createCharacter("Dora-2", "").join();
        assertEquals("Dora_1", first.name());
        assertEquals("mage", first.characterClass());
        assertEquals(1, first.level());
        assertFalse(second.characterClass().isEmpty(), "the server picks a default class");

        assertEquals(
                List.of("Dora_1", "Dora-2"),
                client.listCharacters().join().stream().map(GameCharacter::name).toList());
        assertEquals(first, client.character(first.id()).join());

        MeridianApiException taken = failure(client.createCharacter("Dora_1", "rogue"));
        assertEquals(409, taken.status());
        assertEquals("name_taken", taken.code());
        MeridianApiException badName = failure(client.createCharacter("no spaces allowed", "rogue"));
        assertEquals(400, badName.status());
        assertEquals("validation_failed", badName.code());
    }

    @Test
    void anotherAccountsCharacterIsNotFound() {
        MeridianClient owner = client();
        owner.register("erin@sdk.test", PASSWORD).join();
        GameCharacter mine = owner.createCharacter("Erin", "cleric").join();

        MeridianClient stranger = client();
        stranger.register("frank@sdk.test", PASSWORD).join();
        assertEquals(404, failure(stranger.character(mine.id())).status());
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheRefreshTokenNotThePassword() throws SQLException {
        MovableClock clock = new MovableClock();
        MeridianClient client = MeridianClient.builder(server.baseUrl())
                .resources(resources)
                .clock(clock)
                .build();
        AuthToken first = client.register("gina@sdk.test", PASSWORD).join();
        client.createCharacter("Gina", "").join();
        clock.advance(Duration.ofMinutes(15));

        assertEquals(1, client.listCharacters().join().size());
        AuthToken renewed = client.token().orElseThrow();
        assertFalse(renewed.accessToken().equals(first.accessToken()), "a new access token");
        // a login would have started a second family; a refresh continues the first one with its next token
        assertEquals(
                1,
                count("SELECT count(*) FROM refresh_families f JOIN accounts a ON a.id = f.account_id"
                        + " WHERE a.email = 'gina@sdk.test'"));
        assertEquals(
                2,
                count("SELECT count(*) FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id"
                        + " JOIN accounts a ON a.id = f.account_id WHERE a.email = 'gina@sdk.test'"));

        // concurrent renewals share one refresh (or, when the first is over before the second starts, the second
        // presents the first one's successor): a refresh token presented twice would look stolen and end the session
        clock.advance(Duration.ofMinutes(15));
        CompletableFuture<AuthToken> one = client.refresh();
        CompletableFuture<AuthToken> two = client.refresh();
        assertEquals(one.join().accountId(), two.join().accountId());
        assertEquals(
                0,
                count("SELECT count(*) FROM refresh_families f JOIN accounts a ON a.id = f.account_id"
                        + " WHERE a.email = 'gina@sdk.test' AND f.revoked_at IS NOT NULL"));
        assertEquals(
                2,
                client.listCharacters()
                        .thenCombine(client.listCharacters(), (a, b) -> a.size() + b.size())
                        .join());
    }

    @Test
    void logoutEndsTheSessionOnTheServer() throws SQLException {
        MeridianClient client = client();
        client.register("hugo@sdk.test", PASSWORD).join();
        client.logout().join();
        assertTrue(client.token().isEmpty());
        assertEquals(
                1,
                count("SELECT count(*) FROM refresh_families f JOIN accounts a ON a.id = f.account_id"
                        + " WHERE a.email = 'hugo@sdk.test' AND f.revoked_reason = 'logout'"));
        CompletionException forgotten =
                assertThrows(CompletionException.class, () -> client.refresh().join());
        assertInstanceOf(IllegalStateException.class, forgotten.getCause(), "nothing left to refresh with");
    }

    @Test
    void aPasswordChangeKeepsThisClientLoggedInAndEndsTheOthers() {
        MeridianClient phone = client();
        phone.register("iris@sdk.test", PASSWORD).join();
        MeridianClient laptop = client();
        laptop.login("iris@sdk.test", PASSWORD).join();

        laptop.changePassword(PASSWORD, "a much newer passphrase").join();
        assertEquals(List.of(), laptop.listCharacters().join());
        assertEquals(
                List.of(),
                laptop.refresh().thenCompose(t -> laptop.listCharacters()).join());
        assertEquals(401, failure(phone.refresh()).status());
        assertEquals(401, failure(client().login("iris@sdk.test", PASSWORD)).status());
        client().login("iris@sdk.test", "a much newer passphrase").join();

        MeridianApiException wrong = failure(laptop.changePassword("not the password at all", "whatever it is now"));
        assertEquals(403, wrong.status());
        assertEquals("wrong_password", wrong.code());
    }

    @Test
    void charactersAreRenamedAndDeleted() {
        MeridianClient client = client();
        client.register("jade@sdk.test", PASSWORD).join();
        GameCharacter jade = client.createCharacter("Jade", "rogue").join();
        client.createCharacter("Jade_2", "").join();

        GameCharacter renamed = client.renameCharacter(jade.id(), "Jadeite").join();
        assertEquals("Jadeite", renamed.name());
        assertEquals(jade.id(), renamed.id());
        assertEquals(
                "name_taken",
                failure(client.renameCharacter(jade.id(), "JADE_2")).code());

        client.deleteCharacter(jade.id()).join();
        assertEquals(404, failure(client.character(jade.id())).status());
        assertEquals(
                List.of("Jade_2"),
                client.listCharacters().join().stream().map(GameCharacter::name).toList());
        assertEquals(404, failure(client.deleteCharacter(jade.id())).status());
        assertEquals("Jadeite", client.createCharacter("Jadeite", "").join().name());
    }

    @Test
    void anUnreachableServerIsANetworkError() {
        try (MeridianClient nowhere = MeridianClient.builder("http://127.0.0.1:9")
                .resources(resources)
                .build()) {
            MeridianApiException error = failure(nowhere.login("x@sdk.test", PASSWORD));
            assertEquals(0, error.status());
            assertEquals(MeridianApiException.NETWORK_ERROR, error.code());
            assertTrue(error.retryable());
        }
    }

    private static long count(String query) throws SQLException {
        try (var c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var select = c.createStatement();
                var row = select.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The SDK's clock, moved by hand to make its access token expire; the server keeps real time. */
    private static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
