package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.RealServer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST half of the SDK against the real server. */
class MeridianClientServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static RealServer server;
    private static ClientResources resources;

    @BeforeAll
    static void start() {
        server = RealServer.start();
        resources = ClientResources.create();
    }

    @AfterAll
    static void stop() {
        resources.close();
        server.close();
    }

    private MeridianClient client() {
        return MeridianClient.builder(server.url()).resources(resources).build();
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
}
