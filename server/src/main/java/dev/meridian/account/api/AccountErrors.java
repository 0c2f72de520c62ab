package dev.meridian.account.api;

import dev.meridian.account.app.AccountBannedException;
import dev.meridian.account.app.EmailTakenException;
import dev.meridian.account.app.InvalidCredentialsException;
import dev.meridian.account.app.InvalidRefreshTokenException;
import dev.meridian.account.app.InvalidTokenException;
import dev.meridian.account.app.PasswordHashingBusyException;
import dev.meridian.account.app.WrongPasswordException;
import dev.meridian.platform.http.ApiException;
import dev.meridian.platform.http.ErrorHandling;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.util.Map;

/** How the account module's failures look on the wire (docs/api.md). */
public final class AccountErrors {
    private AccountErrors() {}

    public static void register(HttpRouting.Builder routing) {
        routing.error(
                EmailTakenException.class,
                (req, res, e) ->
                        ErrorHandling.send(res, new ApiException(Status.CONFLICT_409, "email_taken", e.getMessage())));
        routing.error(
                InvalidCredentialsException.class,
                (req, res, e) -> ErrorHandling.send(
                        res, new ApiException(Status.UNAUTHORIZED_401, "invalid_credentials", e.getMessage())));
        routing.error(
                InvalidRefreshTokenException.class,
                (req, res, e) -> ErrorHandling.send(
                        res, new ApiException(Status.UNAUTHORIZED_401, "invalid_refresh_token", e.getMessage())));
        // 403, not 401: the access token is fine, and a client must not take this for "refresh and retry"
        routing.error(
                WrongPasswordException.class,
                (req, res, e) -> ErrorHandling.send(
                        res, new ApiException(Status.FORBIDDEN_403, "wrong_password", e.getMessage())));
        routing.error(
                AccountBannedException.class,
                (req, res, e) ->
                        ErrorHandling.send(res, new ApiException(Status.FORBIDDEN_403, "banned", e.getMessage())));
        routing.error(
                InvalidTokenException.class,
                (req, res, e) -> ErrorHandling.send(res, BearerAuthentication.rejected(e.getMessage())));
        routing.error(
                PasswordHashingBusyException.class,
                (req, res, e) -> ErrorHandling.send(
                        res,
                        new ApiException(
                                Status.SERVICE_UNAVAILABLE_503,
                                "overloaded",
                                e.getMessage() + "; retry shortly",
                                Map.of(),
                                Map.of("Retry-After", "1"))));
    }
}
