package dev.meridian.account.api;

import dev.meridian.account.app.Authentication;
import dev.meridian.account.app.InvalidCredentialsException;
import dev.meridian.account.domain.Email;
import dev.meridian.platform.http.JsonBodies;
import dev.meridian.platform.http.RequestFields;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Optional;

/** {@code POST /v1/auth/register} and {@code POST /v1/auth/login} (docs/api.md). */
public final class AuthService implements HttpService {
    public static final String PATH = "/v1/auth";

    private final Authentication authentication;
    private final JsonBodies bodies;
    private final AuthRateLimits limits;

    AuthService(Authentication authentication, JsonBodies bodies, AuthRateLimits limits) {
        this.authentication = authentication;
        this.bodies = bodies;
        this.limits = limits;
    }

    /** @param rateLimits the {@code auth.rate-limit} configuration */
    public static AuthService create(Authentication authentication, JsonBodies bodies, Config rateLimits) {
        return new AuthService(authentication, bodies, AuthRateLimits.from(rateLimits));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/register", this::register).post("/login", this::login);
    }

    private void register(ServerRequest req, ServerResponse res) {
        limits.checkIp(req);
        RequestFields fields = bodies.read(req);
        Optional<Email> email = fields.required("email", Email::parse, "must be an email address");
        Optional<String> password = fields.required("password", Optional::of, "must be a string");
        password.flatMap(authentication.policy()::problem).ifPresent(p -> fields.problem("password", p));
        fields.validate();
        limits.checkAccount(email.orElseThrow().value());
        Authentication.Session session = authentication.register(email.orElseThrow(), password.orElseThrow());
        send(res.status(Status.CREATED_201), session);
    }

    private void login(ServerRequest req, ServerResponse res) {
        limits.checkIp(req);
        RequestFields fields = bodies.read(req);
        Optional<String> email = fields.required("email", Optional::of, "must be a string");
        Optional<String> password = fields.required("password", Optional::of, "must be a string");
        fields.validate();
        limits.checkAccount(email.orElseThrow().strip().toLowerCase(Locale.ROOT));
        // a malformed email or an over-long password cannot belong to an account: the same 401 as any other failure
        Email account = Email.parse(email.orElseThrow()).orElseThrow(InvalidCredentialsException::new);
        if (password.orElseThrow().length() > 4 * authentication.policy().maxLength()) {
            throw new InvalidCredentialsException();
        }
        send(res, authentication.login(account, password.orElseThrow()));
    }

    private static void send(ServerResponse res, Authentication.Session session) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(TokenResponse.of(session));
    }
}
