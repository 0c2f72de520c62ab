package dev.meridian.admin.api;

import dev.meridian.account.app.AccountNotFoundException;
import dev.meridian.admin.app.NotFoundException;
import dev.meridian.platform.http.ApiException;
import dev.meridian.platform.http.ErrorHandling;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

/** How the admin console's failures look on the wire (docs/api.md). */
public final class AdminErrors {
    private AdminErrors() {}

    public static void register(HttpRouting.Builder routing) {
        routing.error(
                NotFoundException.class,
                (req, res, e) ->
                        ErrorHandling.send(res, new ApiException(Status.NOT_FOUND_404, "not_found", e.getMessage())));
        routing.error(
                AccountNotFoundException.class,
                (req, res, e) ->
                        ErrorHandling.send(res, new ApiException(Status.NOT_FOUND_404, "not_found", e.getMessage())));
    }
}
