package dev.meridian.account.api;

import dev.meridian.account.app.AccessTokens;
import dev.meridian.account.app.Authentication;
import dev.meridian.account.app.ClientInfo;
import dev.meridian.account.app.InvalidCredentialsException;
import dev.meridian.account.app.Session;
import dev.meridian.account.app.SessionTokens;
import dev.meridian.account.app.WrongPasswordException;
import dev.meridian.account.domain.Account;
import dev.meridian.account.domain.Email;
import dev.meridian.account.domain.PasswordPolicy;
import dev.meridian.platform.http.JsonBodies;
import dev.meridian.platform.http.RequestFields;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code /v1/auth}: register, login, refresh, logout, logout-all, password (docs/api.md). */
public final class AuthService implements HttpService {
    public static final String PATH = "/v1/auth";
    /** The paths that need a bearer access token: {@link BearerAuthentication} guards them. */
    public static final List<String> BEARER_PATHS = List.of(PATH + "/logout-all", PATH + "/password");

    private final Authentication authentication;
    private final SessionTokens sessions;
    private final JsonBodies bodies;
    private final AuthRateLimits limits;

    AuthService(Authentication authentication, SessionTokens sessions, JsonBodies bodies, AuthRateLimits limits) {
        this.authentication = authentication;
        this.sessions = sessions;
        this.bodies = bodies;
        this.limits = limits;
    }

    /** @param rateLimits the {@code auth.rate-limit} configuration */
    public static AuthService create(
            Authentication authentication, SessionTokens sessions, JsonBodies bodies, Config rateLimits) {
        return new AuthService(authentication, sessions, bodies, AuthRateLimits.from(rateLimits));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/register", this::register)
                .post("/login", this::login)
                .post("/refresh", this::refresh)
                .post("/logout", this::logout)
                .post("/logout-all", this::logoutAll)
                .post("/password", this::changePassword);
    }

    private void register(ServerRequest req, ServerResponse res) {
        limits.checkIp(req);
        RequestFields fields = bodies.read(req);
        Optional<Email> email = fields.required("email", Email::parse, "must be an email address");
        Optional<String> password = fields.required("password", Optional::of, "must be a string");
        password.flatMap(authentication.policy()::problem).ifPresent(p -> fields.problem("password", p));
        fields.validate();
        limits.checkAccount(email.orElseThrow().value());
        Session session = authentication.register(email.orElseThrow(), password.orElseThrow(), client(req));
        send(res.status(Status.CREATED_201), session);
    }

    private void login(ServerRequest req, ServerResponse res) {
        limits.checkIp(req);
        RequestFields fields = bodies.read(req);
        Optional<String> email = fields.required("email", Optional::of, "must be a string");
        Optional<String> password = fields.required("password", AuthService::unicode, PasswordPolicy.NOT_UNICODE);
        fields.validate();
        limits.checkAccount(email.orElseThrow().strip().toLowerCase(Locale.ROOT));
        // a malformed email or an over-long password cannot belong to an account: the same 401 as any other failure
        Email account = Email.parse(email.orElseThrow()).orElseThrow(InvalidCredentialsException::new);
        if (tooLong(password.orElseThrow())) {
            throw new InvalidCredentialsException();
        }
        send(res, authentication.login(account, password.orElseThrow(), client(req)));
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        limits.checkIp(req);
        send(res, sessions.refresh(refreshToken(req), client(req)));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        limits.checkIp(req);
        sessions.logout(refreshToken(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void logoutAll(ServerRequest req, ServerResponse res) {
        limits.checkIp(req);
        sessions.logoutAll(BearerAuthentication.account(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void changePassword(ServerRequest req, ServerResponse res) {
        limits.checkIp(req);
        RequestFields fields = bodies.read(req);
        Optional<String> current =
                fields.required("current_password", AuthService::unicode, PasswordPolicy.NOT_UNICODE);
        Optional<String> next = fields.required("new_password", Optional::of, "must be a string");
        next.flatMap(authentication.policy()::problem).ifPresent(p -> fields.problem("new_password", p));
        fields.validate();
        AccessTokens.VerifiedToken caller = BearerAuthentication.token(req);
        Account account = authentication.account(caller.account());
        // the same bucket as logins to this account: a stolen access token gets no extra password guesses
        limits.checkAccount(account.email().value());
        if (tooLong(current.orElseThrow())) {
            throw new WrongPasswordException();
        }
        AccessTokens.IssuedToken token =
                authentication.changePassword(account, caller.family(), current.orElseThrow(), next.orElseThrow());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(AccessTokenResponse.of(account.id(), token));
    }

    private String refreshToken(ServerRequest req) {
        RequestFields fields = bodies.read(req);
        Optional<String> token = fields.required("refresh_token", Optional::of, "must be a string");
        fields.validate();
        return token.orElseThrow();
    }

    /** A password that is not well-formed Unicode cannot be anyone's: 400, like a missing one. */
    private static Optional<String> unicode(String password) {
        return PasswordPolicy.wellFormed(password) ? Optional.of(password) : Optional.empty();
    }

    private boolean tooLong(String password) {
        return password.length() > 4 * authentication.policy().maxLength();
    }

    private static ClientInfo client(ServerRequest req) {
        return new ClientInfo(req.headers().first(HeaderNames.USER_AGENT).orElse(""), AuthRateLimits.ip(req));
    }

    private static void send(ServerResponse res, Session session) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(TokenResponse.of(session));
    }
}
