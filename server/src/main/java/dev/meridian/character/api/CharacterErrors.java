package dev.meridian.character.api;

import dev.meridian.account.api.BearerAuthentication;
import dev.meridian.character.app.CharacterLimitException;
import dev.meridian.character.app.CharacterNotFoundException;
import dev.meridian.character.app.NameTakenException;
import dev.meridian.character.app.OwnerGoneException;
import dev.meridian.platform.http.ApiException;
import dev.meridian.platform.http.ErrorHandling;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

/** How the character module's failures look on the wire (docs/api.md). */
public final class CharacterErrors {
    private CharacterErrors() {}

    public static void register(HttpRouting.Builder routing) {
        routing.error(
                NameTakenException.class,
                (req, res, e) ->
                        ErrorHandling.send(res, new ApiException(Status.CONFLICT_409, "name_taken", e.getMessage())));
        routing.error(
                CharacterLimitException.class,
                (req, res, e) -> ErrorHandling.send(
                        res, new ApiException(Status.CONFLICT_409, "character_limit", e.getMessage())));
        routing.error(
                CharacterNotFoundException.class,
                (req, res, e) ->
                        ErrorHandling.send(res, new ApiException(Status.NOT_FOUND_404, "not_found", e.getMessage())));
        // what a token of a deleted account gets everywhere: 401 invalid_token
        routing.error(
                OwnerGoneException.class,
                (req, res, e) -> ErrorHandling.send(res, BearerAuthentication.rejected(e.getMessage())));
    }
}
