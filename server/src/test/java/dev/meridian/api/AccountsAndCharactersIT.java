package dev.meridian.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.testing.Http;
import dev.meridian.testing.Metrics;
import dev.meridian.testing.NatsEvents;
import dev.meridian.testing.TestServer;
import dev.meridian.testing.Tokens;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API end to end against real Postgres, Redis and NATS: every success and every error of docs/api.md. */
class AccountsAndCharactersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "characters.max-per-account", "3",
                "auth.rate-limit.ip.capacity", "10000",
                "auth.rate-limit.ip.per-minute", "10000"));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    // ---- accounts

    @Test
    void registerLoginCreateListGet() {
        String email = uniqueEmail();
        HttpResponse<String> registered = register(email, PASSWORD);
        assertThat(registered.body(), registered.statusCode(), is(201));
        JsonNode token = json(registered);
        assertThat(token.get("token_type").asText(), is("Bearer"));
        assertThat(token.get("expires_in").asLong(), is(900L));
        assertThat(token.get("account_id").asText(), pattern("[0-9a-f-]{36}"));
        assertThat(registered.headers().firstValue("cache-control").orElse(""), is("no-store"));

        HttpResponse<String> login = login(email, PASSWORD);
        assertThat(login.body(), login.statusCode(), is(200));
        assertThat(json(login).get("account_id"), is(token.get("account_id")));
        String access = json(login).get("access_token").asText();

        HttpResponse<String> created =
                http.postJson("/v1/characters", "{\"name\":\"" + name() + "\",\"class\":\"mage\"}", access);
        assertThat(created.body(), created.statusCode(), is(201));
        JsonNode character = json(created);
        String id = character.get("id").asText();
        assertThat(created.headers().firstValue("location").orElse(""), is("/v1/characters/" + id));
        assertThat(character.get("account_id"), is(token.get("account_id")));
        assertThat(character.get("class").asText(), is("mage"));
        assertThat(character.get("level").asInt(), is(1));
        assertThat(character.get("zone").asText(), is("starter"));
        assertThat(character.get("x").asDouble(), is(500.0));
        assertThat(character.get("y").asDouble(), is(500.0));
        assertThat(
                character.get("created_at").asText(),
                startsWith(Instant.parse(character.get("created_at").asText())
                        .toString()
                        .substring(0, 10)));
        assertThat(character.get("created_at").asText(), pattern(".*Z"));
        assertThat(character.get("updated_at"), is(character.get("created_at")));

        HttpResponse<String> list = http.get("/v1/characters", access);
        assertThat(list.statusCode(), is(200));
        assertThat(json(list).size(), is(1));
        assertThat(json(list).get(0), is(character));

        HttpResponse<String> one = http.get("/v1/characters/" + id, access);
        assertThat(one.statusCode(), is(200));
        assertThat(json(one), is(character));
    }

    @Test
    void emailsAreTrimmedAndLowerCasedAndDuplicatesAre409() {
        String email = uniqueEmail();
        assertThat(register("  " + email.toUpperCase() + " ", PASSWORD).statusCode(), is(201));
        assertThat(login(email, PASSWORD).statusCode(), is(200));
        HttpResponse<String> duplicate = register(email, "another long password");
        assertThat(duplicate.statusCode(), is(409));
        assertThat(json(duplicate).get("error").asText(), is("email_taken"));
    }

    @Test
    void unknownEmailAndWrongPasswordGiveTheSame401() {
        String email = uniqueEmail();
        register(email, PASSWORD);
        HttpResponse<String> wrongPassword = login(email, "not the right password");
        HttpResponse<String> unknownEmail = login(uniqueEmail(), PASSWORD);
        assertThat(wrongPassword.statusCode(), is(401));
        assertThat(unknownEmail.statusCode(), is(401));
        assertThat(wrongPassword.body(), is(unknownEmail.body()));
        assertThat(
                wrongPassword.body(),
                is("{\"error\":\"invalid_credentials\",\"message\":\"Invalid email or password\"}"));
    }

    @Test
    void invalidRegistrationFieldsAre400WithAMessagePerField() {
        HttpResponse<String> response = register("not-an-email", "short");
        assertThat(response.statusCode(), is(400));
        JsonNode body = json(response);
        assertThat(body.get("error").asText(), is("validation_failed"));
        assertThat(body.get("fields").get("email").asText(), is("must be an email address"));
        assertThat(body.get("fields").get("password").asText(), is("must be at least 12 characters"));

        HttpResponse<String> tooLong = register(uniqueEmail(), "x".repeat(129));
        assertThat(json(tooLong).get("fields").get("password").asText(), is("must be at most 128 characters"));

        HttpResponse<String> wrongTypes = http.postJson("/v1/auth/register", "{\"email\":42}");
        assertThat(wrongTypes.statusCode(), is(400));
        assertThat(json(wrongTypes).get("fields").get("email").asText(), is("must be a string"));
        assertThat(json(wrongTypes).get("fields").get("password").asText(), is("is required"));
    }

    @Test
    void malformedJsonIs400() {
        HttpResponse<String> response = http.postJson("/v1/auth/login", "{\"email\": ");
        assertThat(response.statusCode(), is(400));
        assertThat(json(response).get("error").asText(), is("invalid_json"));
        assertThat(json(response).get("fields").get("body").asText(), startsWith("The body is not valid JSON"));

        HttpResponse<String> array = http.postJson("/v1/auth/login", "[1,2]");
        assertThat(array.statusCode(), is(400));
        assertThat(json(array).get("message").asText(), is("The body must be a JSON object"));
    }

    @Test
    void bodiesOver16KiBAre413() {
        String big = "{\"email\":\"" + "a".repeat(17 * 1024) + "\",\"password\":\"x\"}";
        HttpResponse<String> response = http.postJson("/v1/auth/register", big);
        assertThat(response.statusCode(), is(413));
        assertThat(json(response).get("error").asText(), is("payload_too_large"));
    }

    @Test
    void chunkedBodiesOver16KiBAre413Too() {
        byte[] big = ("{\"name\":\"" + "a".repeat(17 * 1024) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(http.uri("/v1/auth/register"))
                .header("Content-Type", "application/json")
                // a publisher of unknown length: sent chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> response = http.send(request);
        assertThat(response.statusCode(), is(413));
        assertThat(json(response).get("error").asText(), is("payload_too_large"));
    }

    @Test
    void otherContentTypesAre415() {
        HttpResponse<String> response =
                http.post("/v1/auth/register", "email=a@b.co", Optional.empty(), "application/x-www-form-urlencoded");
        assertThat(response.statusCode(), is(415));
        assertThat(json(response).get("error").asText(), is("unsupported_media_type"));
        String token = registeredToken();
        HttpResponse<String> text = http.post("/v1/characters", "{\"name\":\"abc\"}", Optional.of(token), "text/plain");
        assertThat(text.statusCode(), is(415));
    }

    @Test
    void unknownRoutesAreJson404() {
        HttpResponse<String> response = server.get("/v1/nothing-here");
        assertThat(response.statusCode(), is(404));
        assertThat(response.body(), is("{\"error\":\"not_found\",\"message\":\"No such resource\"}"));
    }

    @Test
    void theOpenApiDocumentIsServed() {
        HttpResponse<String> response = server.get("/openapi");
        assertThat(response.statusCode(), is(200));
        assertThat(json(response).get("paths"), hasJsonKey("/v1/characters/{id}"));
    }

    // ---- characters

    @Test
    void theClassDefaultsToWarriorAndMustBeOneOfTheEnum() {
        String token = registeredToken();
        HttpResponse<String> created = http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token);
        assertThat(created.statusCode(), is(201));
        assertThat(json(created).get("class").asText(), is("warrior"));

        HttpResponse<String> invalid = http.postJson("/v1/characters", "{\"name\":\"a b\",\"class\":\"bard\"}", token);
        assertThat(invalid.statusCode(), is(400));
        assertThat(json(invalid).get("fields").get("name").asText(), containsString("3 to 16 characters"));
        assertThat(
                json(invalid).get("fields").get("class").asText(),
                is("must be one of warrior, mage, rogue, cleric, ranger"));
        assertThat(
                json(http.postJson("/v1/characters", "{}", token))
                        .get("fields")
                        .get("name")
                        .asText(),
                is("is required"));
    }

    @Test
    void namesAreUniqueIgnoringCase() {
        String name = name();
        assertThat(
                http.postJson("/v1/characters", "{\"name\":\"" + name + "\"}", registeredToken())
                        .statusCode(),
                is(201));
        HttpResponse<String> taken =
                http.postJson("/v1/characters", "{\"name\":\"" + name.toUpperCase() + "\"}", registeredToken());
        assertThat(taken.statusCode(), is(409));
        assertThat(json(taken).get("error").asText(), is("name_taken"));
    }

    @Test
    void anAccountHasAtMostTheConfiguredNumberOfCharacters() {
        String token = registeredToken();
        for (int i = 0; i < 3; i++) {
            assertThat(
                    http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token)
                            .statusCode(),
                    is(201));
        }
        HttpResponse<String> fourth = http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token);
        assertThat(fourth.statusCode(), is(409));
        assertThat(json(fourth).get("error").asText(), is("character_limit"));
        assertThat(json(http.get("/v1/characters", token)).size(), is(3));
    }

    @Test
    void anotherAccountsCharacterIsTheSame404AsAMissingOne() {
        String owner = registeredToken();
        String id = json(http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", owner))
                .get("id")
                .asText();
        String stranger = registeredToken();
        HttpResponse<String> notYours = http.get("/v1/characters/" + id, stranger);
        HttpResponse<String> missing = http.get("/v1/characters/" + UUID.randomUUID(), stranger);
        assertThat(notYours.statusCode(), is(404));
        assertThat(missing.statusCode(), is(404));
        assertThat(notYours.body(), is(missing.body()));
        assertThat(json(http.get("/v1/characters", stranger)).size(), is(0));
    }

    @Test
    void aMalformedIdIs400() {
        HttpResponse<String> response = http.get("/v1/characters/not-a-uuid", registeredToken());
        assertThat(response.statusCode(), is(400));
        assertThat(json(response).get("error").asText(), is("invalid_id"));
    }

    @Test
    void everyBadTokenIs401WithAChallenge() {
        String subject =
                json(register(uniqueEmail(), PASSWORD)).get("account_id").asText();
        JwtClaims wrongIssuer = Tokens.claims(subject);
        wrongIssuer.setIssuer("someone-else");
        JwtClaims wrongAudience = Tokens.claims(subject);
        wrongAudience.setAudience("another-api");
        JwtClaims noExpiry = Tokens.claims(subject);
        noExpiry.unsetClaim("exp");
        Map<String, String> tokens = Map.of(
                "alg none", Tokens.unsigned(Tokens.claims(subject)),
                "HS512", Tokens.sign(Tokens.claims(subject), AlgorithmIdentifiers.HMAC_SHA512, TestServer.JWT_SECRET),
                "bad signature", Tokens.sign(Tokens.claims(subject), AlgorithmIdentifiers.HMAC_SHA256, "x".repeat(48)),
                "expired", Tokens.hs256(Tokens.expired(subject)),
                "wrong issuer", Tokens.hs256(wrongIssuer),
                "wrong audience", Tokens.hs256(wrongAudience),
                "no expiry", Tokens.hs256(noExpiry),
                "subject not a uuid", Tokens.hs256(Tokens.claims("admin")),
                "malformed", "not.a.jwt");
        assertThat(
                json(http.get("/v1/characters", Tokens.hs256(Tokens.claims(subject))))
                        .isArray(),
                is(true));
        tokens.forEach((variant, token) -> {
            HttpResponse<String> response = http.get("/v1/characters", token);
            assertThat(variant, response.statusCode(), is(401));
            assertThat(
                    variant,
                    response.headers().firstValue("www-authenticate").orElse(""),
                    startsWith("Bearer realm=\"meridian\", error=\"invalid_token\""));
            assertThat(variant, json(response).get("error").asText(), is("unauthorized"));
        });
        assertThat(
                json(http.get("/v1/characters", Tokens.hs256(Tokens.expired(subject))))
                        .get("message")
                        .asText(),
                is("The access token has expired"));
    }

    @Test
    void aMissingOrNonBearerAuthorizationIs401() {
        HttpResponse<String> none = server.get("/v1/characters/" + UUID.randomUUID());
        assertThat(none.statusCode(), is(401));
        assertThat(none.headers().firstValue("www-authenticate").orElse(""), is("Bearer realm=\"meridian\""));
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(http.uri("/v1/characters"))
                .header("Authorization", "Basic YWRhOnB3")
                .GET()
                .build());
        assertThat(basic.statusCode(), is(401));
        assertThat(json(basic).get("error").asText(), is("unauthorized"));
        HttpResponse<String> post = http.postJson("/v1/characters", "{\"name\":\"abc\"}");
        assertThat(post.statusCode(), is(401));
    }

    @Test
    void theOwnerRenamesACharacterAndTheListShowsIt() {
        String token = registeredToken();
        String id = json(http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token))
                .get("id")
                .asText();
        assertThat(json(http.get("/v1/characters", token)).size(), is(1)); // now cached
        String newName = name();
        HttpResponse<String> renamed = patch("/v1/characters/" + id, "{\"name\":\"" + newName + "\"}", token);
        assertThat(renamed.body(), renamed.statusCode(), is(200));
        assertThat(json(renamed).get("name").asText(), is(newName));
        assertThat(json(http.get("/v1/characters", token)).get(0).get("name").asText(), is(newName));
        assertThat(json(http.get("/v1/characters/" + id, token)).get("name").asText(), is(newName));

        String taken = name();
        http.postJson("/v1/characters", "{\"name\":\"" + taken + "\"}", registeredToken());
        HttpResponse<String> conflict =
                patch("/v1/characters/" + id, "{\"name\":\"" + taken.toUpperCase() + "\"}", token);
        assertThat(conflict.statusCode(), is(409));
        assertThat(json(conflict).get("error").asText(), is("name_taken"));
        HttpResponse<String> invalid = patch("/v1/characters/" + id, "{\"name\":\"a b\"}", token);
        assertThat(invalid.statusCode(), is(400));
        assertThat(json(invalid).get("fields").get("name").asText(), containsString("3 to 16 characters"));
        assertThat(
                patch("/v1/characters/not-a-uuid", "{\"name\":\"abc\"}", token).statusCode(), is(400));
    }

    @Test
    void theOwnerDeletesACharacterAndItsNameIsFree() {
        String token = registeredToken();
        String name = name();
        String id = json(http.postJson("/v1/characters", "{\"name\":\"" + name + "\"}", token))
                .get("id")
                .asText();
        assertThat(json(http.get("/v1/characters", token)).size(), is(1)); // now cached
        HttpResponse<String> deleted = delete("/v1/characters/" + id, token);
        assertThat(deleted.statusCode(), is(204));
        assertThat(http.get("/v1/characters/" + id, token).statusCode(), is(404));
        assertThat(json(http.get("/v1/characters", token)).size(), is(0));
        assertThat(delete("/v1/characters/" + id, token).statusCode(), is(404));
        assertThat(
                http.postJson("/v1/characters", "{\"name\":\"" + name + "\"}", registeredToken())
                        .statusCode(),
                is(201));
    }

    @Test
    void anotherAccountCanNeitherDeleteNorRenameAndSeesTheSame404() {
        String owner = registeredToken();
        String id = json(http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", owner))
                .get("id")
                .asText();
        String stranger = registeredToken();
        HttpResponse<String> missing = http.get("/v1/characters/" + UUID.randomUUID(), stranger);
        HttpResponse<String> notYoursDelete = delete("/v1/characters/" + id, stranger);
        HttpResponse<String> notYoursRename = patch("/v1/characters/" + id, "{\"name\":\"" + name() + "\"}", stranger);
        assertThat(notYoursDelete.statusCode(), is(404));
        assertThat(notYoursRename.statusCode(), is(404));
        assertThat(notYoursDelete.body(), is(missing.body()));
        assertThat(notYoursRename.body(), is(missing.body()));
        assertThat(http.get("/v1/characters/" + id, owner).statusCode(), is(200));
        assertThat(delete("/v1/characters/" + id, "").statusCode(), is(401));
    }

    @Test
    void aNatsSubscriberReceivesCharacterRenamedAndDeleted() throws Exception {
        Connection nats = Nats.connect("nats://127.0.0.1:4222");
        try {
            Subscription renamedEvents = nats.subscribe(server.subjectPrefix() + ".character.renamed");
            Subscription deletedEvents = nats.subscribe(server.subjectPrefix() + ".character.deleted");
            nats.flush(Duration.ofSeconds(5));
            String token = registeredToken();
            String oldName = name();
            JsonNode created = json(http.postJson("/v1/characters", "{\"name\":\"" + oldName + "\"}", token));
            String id = created.get("id").asText();
            String newName = name();
            patch("/v1/characters/" + id, "{\"name\":\"" + newName + "\"}", token);
            delete("/v1/characters/" + id, token);

            Message renamed =
                    NatsEvents.await(renamedEvents, Duration.ofSeconds(10), NatsEvents.dataField("character_id", id));
            assertThat("no character.renamed within 10 s", renamed != null, is(true));
            JsonNode data = JSON.readTree(renamed.getData()).get("data");
            assertThat(data.get("character_id").asText(), is(id));
            assertThat(data.get("account_id"), is(created.get("account_id")));
            assertThat(data.get("old_name").asText(), is(oldName));
            assertThat(data.get("name").asText(), is(newName));

            Message deleted =
                    NatsEvents.await(deletedEvents, Duration.ofSeconds(10), NatsEvents.dataField("character_id", id));
            assertThat("no character.deleted within 10 s", deleted != null, is(true));
            JsonNode gone = JSON.readTree(deleted.getData());
            assertThat(gone.get("type").asText(), is("character.deleted"));
            assertThat(gone.get("data").get("character_id").asText(), is(id));
            assertThat(gone.get("data").get("name").asText(), is(newName));
        } finally {
            nats.close();
        }
    }

    // ---- cache

    @Test
    void theSecondListIsACacheHitAndCreatingInvalidatesIt() {
        String token = registeredToken();
        http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token);
        double misses = Metrics.value(server, "character_cache_misses_total", "");
        double hits = Metrics.value(server, "character_cache_hits_total", "");
        assertThat(json(http.get("/v1/characters", token)).size(), is(1));
        assertThat(Metrics.value(server, "character_cache_misses_total", ""), is(misses + 1));
        assertThat(json(http.get("/v1/characters", token)).size(), is(1));
        assertThat(Metrics.value(server, "character_cache_hits_total", ""), is(hits + 1));

        http.postJson("/v1/characters", "{\"name\":\"" + name() + "\"}", token);
        assertThat(json(http.get("/v1/characters", token)).size(), is(2));
        assertThat(Metrics.value(server, "character_cache_misses_total", ""), is(misses + 2));
    }

    // ---- events

    @Test
    void aNatsSubscriberReceivesCharacterCreated() throws Exception {
        Connection nats = Nats.connect("nats://127.0.0.1:4222");
        try {
            Subscription subscription = nats.subscribe(server.subjectPrefix() + ".character.created");
            nats.flush(Duration.ofSeconds(5));
            String token = registeredToken();
            String name = name();
            JsonNode created =
                    json(http.postJson("/v1/characters", "{\"name\":\"" + name + "\",\"class\":\"rogue\"}", token));
            Message message =
                    NatsEvents.await(subscription, Duration.ofSeconds(10), NatsEvents.dataField("name", name));
            assertThat("no event within 10 s", message != null, is(true));
            JsonNode envelope = JSON.readTree(message.getData());
            assertThat(envelope.get("type").asText(), is("character.created"));
            assertThat(envelope.get("id").asText(), pattern("[0-9a-f-]{36}"));
            assertThat(Instant.parse(envelope.get("occurred_at").asText()).isAfter(Instant.EPOCH), is(true));
            JsonNode data = envelope.get("data");
            assertThat(data.get("character_id"), is(created.get("id")));
            assertThat(data.get("account_id"), is(created.get("account_id")));
            assertThat(data.get("name").asText(), is(name));
            assertThat(data.get("character_class").asText(), is("rogue"));
            assertThat(data.get("zone").asText(), is("starter"));
        } finally {
            nats.close();
        }
    }

    @Test
    void aNatsSubscriberReceivesAccountRegistered() throws Exception {
        Connection nats = Nats.connect("nats://127.0.0.1:4222");
        try {
            Subscription subscription = nats.subscribe(server.subjectPrefix() + ".account.registered");
            nats.flush(Duration.ofSeconds(5));
            String accountId =
                    json(register(uniqueEmail(), PASSWORD)).get("account_id").asText();
            Message message = NatsEvents.await(
                    subscription, Duration.ofSeconds(10), NatsEvents.dataField("account_id", accountId));
            assertThat("no event within 10 s", message != null, is(true));
            JsonNode envelope = JSON.readTree(message.getData());
            assertThat(envelope.get("type").asText(), is("account.registered"));
            assertThat(envelope.get("data").get("account_id").asText(), is(accountId));
            assertThat(envelope.get("data").size(), is(1));
        } finally {
            nats.close();
        }
    }

    // ---- helpers

    static org.hamcrest.Matcher<String> pattern(String regex) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(String text) {
                return text.matches(regex);
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("text matching " + regex);
            }
        };
    }

    static org.hamcrest.Matcher<JsonNode> hasJsonKey(String key) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(JsonNode node) {
                return node.has(key);
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a JSON object with key " + key);
            }
        };
    }

    private static HttpResponse<String> patch(String path, String json, String token) {
        return http.send(HttpRequest.newBuilder(http.uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private static HttpResponse<String> delete(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path)).DELETE();
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build());
    }

    private static HttpResponse<String> register(String email, String password) {
        return http.postJson("/v1/auth/register", credentials(email, password));
    }

    private static HttpResponse<String> login(String email, String password) {
        return http.postJson("/v1/auth/login", credentials(email, password));
    }

    private static String credentials(String email, String password) {
        try {
            return JSON.writeValueAsString(Map.of("email", email, "password", password));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String registeredToken() {
        HttpResponse<String> response = register(uniqueEmail(), PASSWORD);
        assertThat(response.body(), response.statusCode(), is(201));
        return json(response).get("access_token").asText();
    }

    static String uniqueEmail() {
        return "player-" + UUID.randomUUID() + "@example.com";
    }

    /** Unique per run: names are unique across the server, and each test server has its own database. */
    static String name() {
        return "hero_" + Integer.toString(SEQUENCE.incrementAndGet(), 36)
                + UUID.randomUUID().toString().substring(0, 4);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
