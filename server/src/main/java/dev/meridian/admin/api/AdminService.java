package dev.meridian.admin.api;

import dev.meridian.account.api.BearerAuthentication;
import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;
import dev.meridian.account.domain.Role;
import dev.meridian.admin.app.Administration;
import dev.meridian.platform.http.ApiException;
import dev.meridian.platform.http.JsonBodies;
import dev.meridian.platform.http.RequestFields;
import dev.meridian.platform.ratelimit.TokenBuckets;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /v1/admin}: the admin console's API (docs/api.md, "Admin"). {@link BearerAuthentication} guards the path;
 * here every request is first counted against its account's rate limit, then refused with 403 unless its token
 * carries the admin role.
 */
public final class AdminService implements HttpService {
    public static final String PATH = "/v1/admin";
    static final int MAX_REASON = 200;
    static final int MAX_TEXT = 500;
    static final int MAX_ZONE = 64;

    private final Administration administration;
    private final JsonBodies bodies;
    private final TokenBuckets limits;
    private final Clock clock;

    public AdminService(Administration administration, JsonBodies bodies, TokenBuckets limits, Clock clock) {
        this.administration = administration;
        this.bodies = bodies;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::authorize)
                .get("/zones", this::zones)
                .get("/players", this::players)
                .post("/players/{character}/kick", this::kick)
                .post("/broadcast", this::broadcast)
                .post("/accounts/{id}/ban", this::ban);
    }

    private void authorize(ServerRequest req, ServerResponse res) {
        AccessTokens.VerifiedToken token = BearerAuthentication.token(req);
        Optional<Duration> wait = limits.take(token.account().toString());
        if (wait.isPresent()) {
            throw new ApiException(
                    Status.TOO_MANY_REQUESTS_429,
                    "rate_limited",
                    "Too many admin requests; retry later",
                    Map.of(),
                    Map.of("Retry-After", Long.toString(Math.max(1, (wait.get().toMillis() + 999) / 1000))));
        }
        if (token.role() != Role.ADMIN) {
            throw new ApiException(Status.FORBIDDEN_403, "forbidden", "This needs an admin account");
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.next();
    }

    private void zones(ServerRequest req, ServerResponse res) {
        res.send(AdminResponses.Zones.of(administration.zones()));
    }

    private void players(ServerRequest req, ServerResponse res) {
        Optional<String> zone = req.query().first("zone").asOptional();
        if (zone.isPresent() && (zone.get().isBlank() || zone.get().length() > MAX_ZONE)) {
            throw invalid("zone", "must be a zone name of 1 to " + MAX_ZONE + " characters");
        }
        res.send(AdminResponses.Players.of(administration.players(zone)));
    }

    private void kick(ServerRequest req, ServerResponse res) {
        UUID character = uuid(req, "character");
        RequestFields fields = bodies.read(req);
        Optional<String> reason =
                fields.required("reason", t -> AdminText.parse(t, MAX_REASON), AdminText.rule(MAX_REASON));
        fields.validate();
        administration.kick(BearerAuthentication.account(req), character, reason.orElseThrow());
        res.status(Status.NO_CONTENT_204).send();
    }

    private void broadcast(ServerRequest req, ServerResponse res) {
        RequestFields fields = bodies.read(req);
        Optional<String> text = fields.required("text", t -> AdminText.parse(t, MAX_TEXT), AdminText.rule(MAX_TEXT));
        Optional<Optional<String>> zone = fields.optional(
                "zone",
                z -> z.isBlank() || z.length() > MAX_ZONE ? Optional.empty() : Optional.of(Optional.of(z)),
                "must be a zone name of 1 to " + MAX_ZONE + " characters",
                Optional.empty());
        fields.validate();
        int recipients =
                administration.broadcast(BearerAuthentication.account(req), zone.orElseThrow(), text.orElseThrow());
        res.send(new AdminResponses.Broadcast(recipients));
    }

    private void ban(ServerRequest req, ServerResponse res) {
        AccountId account = new AccountId(uuid(req, "id"));
        RequestFields fields = bodies.read(req);
        Instant now = clock.instant();
        Optional<Instant> until = fields.required(
                "until", t -> future(t, now), "must be an ISO-8601 instant in the future, e.g. 2030-01-01T00:00:00Z");
        Optional<String> reason =
                fields.required("reason", t -> AdminText.parse(t, MAX_REASON), AdminText.rule(MAX_REASON));
        fields.validate();
        Ban ban = new Ban(until.orElseThrow(), reason.orElseThrow());
        int closed = administration.ban(BearerAuthentication.account(req), account, ban);
        res.send(new AdminResponses.Banned(account.toString(), ban.until().toString(), closed));
    }

    private static Optional<Instant> future(String text, Instant now) {
        try {
            Instant instant = Instant.parse(text);
            return instant.isAfter(now) ? Optional.of(instant) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static UUID uuid(ServerRequest req, String parameter) {
        try {
            return UUID.fromString(req.path().pathParameters().get(parameter));
        } catch (IllegalArgumentException e) {
            throw new ApiException(Status.BAD_REQUEST_400, "invalid_id", "The " + parameter + " must be a UUID");
        }
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(
                Status.BAD_REQUEST_400,
                "validation_failed",
                "Some fields are invalid: " + field,
                Map.of(field, message),
                Map.of());
    }
}
