package dev.meridian.api;

import static dev.meridian.api.AccountsAndCharactersIT.json;
import static dev.meridian.api.AccountsAndCharactersIT.uniqueEmail;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.account.adapters.PgRefreshTokens;
import dev.meridian.account.app.RefreshTokens;
import dev.meridian.testing.Http;
import dev.meridian.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refresh tokens, logout, logout-all and password change end to end against real Postgres (docs/api.md#sessions). */
class SessionsIT {
    private static final String PASSWORD = "correct horse battery";
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "auth.token-check.cache-ttl", "PT0.5S",
                "auth.rate-limit.ip.capacity", "10000",
                "auth.rate-limit.ip.per-minute", "10000"));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    // ---- refresh

    @Test
    void registerAndLoginGiveARefreshTokenAndARefreshRotatesIt() {
        String email = uniqueEmail();
        JsonNode registered = json(register(email));
        assertThat(registered.get("refresh_token").asText(), startsWith("mrt_"));
        assertThat(registered.get("refresh_expires_in").asLong(), is(30L * 24 * 3600));
        JsonNode login = json(http.postJson("/v1/auth/login", credentials(email, PASSWORD)));
        assertThat(
                login.get("refresh_token").asText(),
                not(is(registered.get("refresh_token").asText())));

        HttpResponse<String> refreshed = refresh(login.get("refresh_token").asText());
        assertThat(refreshed.body(), refreshed.statusCode(), is(200));
        assertThat(refreshed.headers().firstValue("cache-control").orElse(""), is("no-store"));
        JsonNode pair = json(refreshed);
        assertThat(pair.get("account_id"), is(login.get("account_id")));
        assertThat(pair.get("expires_in").asLong(), is(900L));
        assertThat(
                pair.get("refresh_token").asText(),
                not(is(login.get("refresh_token").asText())));
        assertThat(http.get("/v1/characters", pair.get("access_token").asText()).statusCode(), is(200));
        assertThat(refresh(pair.get("refresh_token").asText()).statusCode(), is(200));
    }

    @Test
    void onlyTheHashIsStoredWithTheClientsUserAgentAndIp() throws SQLException {
        String token = json(register(uniqueEmail())).get("refresh_token").asText();
        try (var c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var select = c.prepareStatement(
                        "SELECT token_hash, user_agent, ip, expires_at - created_at FROM refresh_tokens"
                                + " WHERE token_hash = sha256(convert_to(?, 'UTF8'))")) {
            select.setString(1, token);
            try (var row = select.executeQuery()) {
                assertThat("the token's SHA-256 is stored", row.next(), is(true));
                assertThat(HexFormat.of().formatHex(row.getBytes(1)).contains(token), is(false));
                assertThat(row.getString(2), startsWith("Java-http-client"));
                assertThat(row.getString(3), is("127.0.0.1"));
                assertThat(row.getString(4), is("30 days"));
            }
        }
    }

    @Test
    void aUsedRefreshTokenPresentedAgainRevokesTheWholeFamily() throws SQLException {
        String first = json(register(uniqueEmail())).get("refresh_token").asText();
        String second = json(refresh(first)).get("refresh_token").asText();

        HttpResponse<String> replay = refresh(first);
        assertThat(replay.statusCode(), is(401));
        assertThat(json(replay).get("error").asText(), is("invalid_refresh_token"));
        // the legitimate holder's current token dies with the family: both parties must log in again
        HttpResponse<String> afterTheft = refresh(second);
        assertThat(afterTheft.statusCode(), is(401));
        assertThat(afterTheft.body(), is(replay.body()));
        assertThat(revocationReason(second), is("reuse_detected"));
    }

    @Test
    void unknownExpiredAndMalformedRefreshTokensGetTheSame401() throws SQLException {
        String token = json(register(uniqueEmail())).get("refresh_token").asText();
        try (var c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var expire = c.prepareStatement("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'"
                        + " WHERE token_hash = sha256(convert_to(?, 'UTF8'))")) {
            expire.setString(1, token);
            assertThat(expire.executeUpdate(), is(1));
        }
        HttpResponse<String> expired = refresh(token);
        HttpResponse<String> unknown = refresh("mrt_" + "x".repeat(43));
        HttpResponse<String> malformed = refresh("not-a-refresh-token");
        assertThat(expired.statusCode(), is(401));
        assertThat(expired.body(), is(unknown.body()));
        assertThat(malformed.body(), is(unknown.body()));
        HttpResponse<String> missing = http.postJson("/v1/auth/refresh", "{}");
        assertThat(missing.statusCode(), is(400));
        assertThat(json(missing).get("fields").get("refresh_token").asText(), is("is required"));
    }

    // ---- logout

    @Test
    void logoutEndsThatSessionOnly() {
        String email = uniqueEmail();
        String phone = json(register(email)).get("refresh_token").asText();
        String laptop = json(http.postJson("/v1/auth/login", credentials(email, PASSWORD)))
                .get("refresh_token")
                .asText();
        HttpResponse<String> out = http.postJson("/v1/auth/logout", refreshBody(phone));
        assertThat(out.statusCode(), is(204));
        assertThat(refresh(phone).statusCode(), is(401));
        assertThat(refresh(laptop).statusCode(), is(200));
        // idempotent, and an unknown token says nothing about whether it ever existed
        assertThat(http.postJson("/v1/auth/logout", refreshBody(phone)).statusCode(), is(204));
        assertThat(
                http.postJson("/v1/auth/logout", refreshBody("mrt_" + "y".repeat(43)))
                        .statusCode(),
                is(204));
    }

    @Test
    void logoutAllEndsEverySessionAndEveryAccessTokenOfTheAccount() {
        String email = uniqueEmail();
        JsonNode phone = json(register(email));
        JsonNode laptop = json(http.postJson("/v1/auth/login", credentials(email, PASSWORD)));
        JsonNode other = json(register(uniqueEmail()));

        HttpResponse<String> all = http.postJson(
                "/v1/auth/logout-all", "", laptop.get("access_token").asText());
        assertThat(all.body(), all.statusCode(), is(204));

        for (JsonNode session : new JsonNode[] {phone, laptop}) {
            assertThat(refresh(session.get("refresh_token").asText()).statusCode(), is(401));
            HttpResponse<String> list =
                    http.get("/v1/characters", session.get("access_token").asText());
            assertThat(list.statusCode(), is(401));
            assertThat(json(list).get("message").asText(), is("The access token has been revoked"));
            assertThat(
                    list.headers().firstValue("www-authenticate").orElse(""),
                    startsWith("Bearer realm=\"meridian\", error=\"invalid_token\""));
        }
        assertThat(
                http.get("/v1/characters", other.get("access_token").asText()).statusCode(), is(200));
        JsonNode again = json(http.postJson("/v1/auth/login", credentials(email, PASSWORD)));
        assertThat(
                http.get("/v1/characters", again.get("access_token").asText()).statusCode(), is(200));
        assertThat(http.postJson("/v1/auth/logout-all", "").statusCode(), is(401));
    }

    // ---- password change

    @Test
    void aPasswordChangeEndsEveryOtherSessionAndEveryEarlierAccessToken() {
        String email = uniqueEmail();
        JsonNode phone = json(register(email));
        JsonNode laptop = json(http.postJson("/v1/auth/login", credentials(email, PASSWORD)));
        String newPassword = "a brand new passphrase";

        HttpResponse<String> changed = http.postJson(
                "/v1/auth/password",
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"" + newPassword + "\"}",
                laptop.get("access_token").asText());
        assertThat(changed.body(), changed.statusCode(), is(200));
        assertThat(changed.headers().firstValue("cache-control").orElse(""), is("no-store"));
        String fresh = json(changed).get("access_token").asText();

        assertThat(http.get("/v1/characters", fresh).statusCode(), is(200));
        assertThat(
                http.get("/v1/characters", laptop.get("access_token").asText()).statusCode(), is(401));
        assertThat(
                http.get("/v1/characters", phone.get("access_token").asText()).statusCode(), is(401));
        // the caller's session goes on, the other one is over
        assertThat(refresh(laptop.get("refresh_token").asText()).statusCode(), is(200));
        assertThat(refresh(phone.get("refresh_token").asText()).statusCode(), is(401));
        assertThat(http.postJson("/v1/auth/login", credentials(email, PASSWORD)).statusCode(), is(401));
        assertThat(
                http.postJson("/v1/auth/login", credentials(email, newPassword)).statusCode(), is(200));
    }

    @Test
    void aWrongCurrentPasswordIs403AndABadNewOne400() {
        JsonNode session = json(register(uniqueEmail()));
        String token = session.get("access_token").asText();
        HttpResponse<String> wrong = http.postJson(
                "/v1/auth/password",
                "{\"current_password\":\"not the password\",\"new_password\":\"a brand new passphrase\"}",
                token);
        assertThat(wrong.statusCode(), is(403));
        assertThat(json(wrong).get("error").asText(), is("wrong_password"));
        HttpResponse<String> weak = http.postJson(
                "/v1/auth/password", "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"short\"}", token);
        assertThat(weak.statusCode(), is(400));
        assertThat(json(weak).get("fields").get("new_password").asText(), is("must be at least 12 characters"));
        assertThat(http.get("/v1/characters", token).statusCode(), is(200));
        assertThat(
                http.postJson("/v1/auth/password", "{\"current_password\":\"x\",\"new_password\":\"y\"}")
                        .statusCode(),
                is(401));
    }

    // ---- deleted accounts (issue 15, item 5)

    @Test
    void aDeletedAccountsTokenIsRefusedAtOnceOrWithinTheCacheTtl() throws Exception {
        JsonNode unused = json(register(uniqueEmail()));
        JsonNode used = json(register(uniqueEmail()));
        String usedToken = used.get("access_token").asText();
        assertThat(http.get("/v1/characters", usedToken).statusCode(), is(200));
        deleteAccount(unused.get("account_id").asText());
        deleteAccount(used.get("account_id").asText());

        HttpResponse<String> never =
                http.get("/v1/characters", unused.get("access_token").asText());
        assertThat(never.statusCode(), is(401));
        assertThat(json(never).get("message").asText(), is("The account no longer exists"));
        Thread.sleep(600); // auth.token-check.cache-ttl is 0.5 s on this server
        assertThat(http.get("/v1/characters", usedToken).statusCode(), is(401));
        assertThat(refresh(used.get("refresh_token").asText()).statusCode(), is(401));
    }

    // ---- purge (issue 12)

    @Test
    void thePurgeDeletesExpiredTokensAndLongRevokedFamiliesButKeepsWhatCatchesAReplay() throws SQLException {
        JsonNode ada = json(register(uniqueEmail()));
        String adaUsed = ada.get("refresh_token").asText();
        String adaLive = json(refresh(adaUsed)).get("refresh_token").asText();
        String bob = json(register(uniqueEmail())).get("refresh_token").asText();
        assertThat(http.postJson("/v1/auth/logout", refreshBody(bob)).statusCode(), is(204));
        JsonNode cyAccount = json(register(uniqueEmail()));
        String cy = cyAccount.get("refresh_token").asText();
        sql(
                "UPDATE refresh_families SET revoked_at = now() - interval '2 days' WHERE id = (SELECT family_id"
                        + " FROM refresh_tokens WHERE token_hash = sha256(convert_to(?, 'UTF8')))",
                bob);
        sql(
                "UPDATE refresh_tokens SET expires_at = now() - interval '1 second'"
                        + " WHERE token_hash = sha256(convert_to(?, 'UTF8'))",
                cy);

        Instant now = Instant.now();
        RefreshTokens.Purged purged = new PgRefreshTokens(
                        server.meridian().platform().database().dataSource())
                .purge(now, now.minus(Duration.ofDays(1)));

        assertThat(purged.tokens(), greaterThanOrEqualTo(1));
        assertThat(purged.families(), greaterThanOrEqualTo(2));
        assertThat("bob's family, revoked 2 days ago, is gone", stored(bob), is(false));
        assertThat("cy's expired token is gone", stored(cy), is(false));
        assertThat(
                "and cy's family with it", families(cyAccount.get("account_id").asText()), is(0));
        assertThat("a used, unexpired token stays", stored(adaUsed), is(true));
        assertThat(stored(adaLive), is(true));
        assertThat(refresh(adaUsed).statusCode(), is(401));
        assertThat("the replay is still caught", revocationReason(adaLive), is("reuse_detected"));
    }

    // ---- helpers

    private static HttpResponse<String> register(String email) {
        HttpResponse<String> response = http.postJson("/v1/auth/register", credentials(email, PASSWORD));
        assertThat(response.body(), response.statusCode(), is(201));
        return response;
    }

    private static HttpResponse<String> refresh(String token) {
        return http.send(HttpRequest.newBuilder(http.uri("/v1/auth/refresh"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(refreshBody(token)))
                .build());
    }

    private static String refreshBody(String token) {
        return "{\"refresh_token\":\"" + token + "\"}";
    }

    private static String credentials(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    private static String revocationReason(String refreshToken) throws SQLException {
        try (var c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var select = c.prepareStatement("SELECT f.revoked_reason FROM refresh_families f"
                        + " JOIN refresh_tokens t ON t.family_id = f.id"
                        + " WHERE t.token_hash = sha256(convert_to(?, 'UTF8'))")) {
            select.setString(1, refreshToken);
            try (var row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** Runs an update with one string parameter. */
    private static void sql(String statement, String parameter) throws SQLException {
        try (var c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var update = c.prepareStatement(statement)) {
            update.setString(1, parameter);
            assertThat(statement, update.executeUpdate(), is(1));
        }
    }

    private static boolean stored(String refreshToken) throws SQLException {
        try (var c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var select = c.prepareStatement(
                        "SELECT 1 FROM refresh_tokens WHERE token_hash = sha256(convert_to(?, 'UTF8'))")) {
            select.setString(1, refreshToken);
            try (var row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static int families(String accountId) throws SQLException {
        try (var c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var select = c.prepareStatement("SELECT count(*) FROM refresh_families WHERE account_id = ?")) {
            select.setObject(1, UUID.fromString(accountId));
            try (var row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static void deleteAccount(String id) throws SQLException {
        try (var c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                var delete = c.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
            delete.setObject(1, UUID.fromString(id));
            assertThat(delete.executeUpdate(), is(1));
        }
    }
}
