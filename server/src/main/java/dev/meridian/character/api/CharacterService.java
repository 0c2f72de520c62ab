package dev.meridian.character.api;

import dev.meridian.account.api.BearerAuthentication;
import dev.meridian.character.app.CharacterListFormat;
import dev.meridian.character.app.CharacterRoster;
import dev.meridian.character.domain.Character;
import dev.meridian.character.domain.CharacterClass;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterName;
import dev.meridian.platform.http.ApiException;
import dev.meridian.platform.http.JsonBodies;
import dev.meridian.platform.http.RequestFields;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** {@code /v1/characters}: the caller's characters (docs/api.md); {@link BearerAuthentication} guards it. */
public final class CharacterService implements HttpService {
    public static final String PATH = "/v1/characters";

    private static final CharacterListFormat LIST = new JsonCharacterList();

    private final CharacterRoster roster;
    private final JsonBodies bodies;

    public CharacterService(CharacterRoster roster, JsonBodies bodies) {
        this.roster = roster;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::get)
                .patch("/{id}", this::rename)
                .delete("/{id}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        // the rendered bytes come from the cache as they are: no JSON work on a hit
        res.header(HeaderValues.CONTENT_TYPE_JSON).send(roster.list(BearerAuthentication.account(req), LIST));
    }

    private void get(ServerRequest req, ServerResponse res) {
        res.send(CharacterResponse.of(roster.get(BearerAuthentication.account(req), id(req))));
    }

    private void rename(ServerRequest req, ServerResponse res) {
        CharacterId id = id(req);
        RequestFields fields = bodies.read(req);
        Optional<CharacterName> name = fields.required("name", CharacterName::parse, CharacterName.RULE);
        fields.validate();
        res.send(CharacterResponse.of(roster.rename(BearerAuthentication.account(req), id, name.orElseThrow())));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        roster.delete(BearerAuthentication.account(req), id(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static CharacterId id(ServerRequest req) {
        return CharacterId.parse(req.path().pathParameters().get("id"))
                .orElseThrow(() -> new ApiException(Status.BAD_REQUEST_400, "invalid_id", "The id must be a UUID"));
    }

    private void create(ServerRequest req, ServerResponse res) {
        RequestFields fields = bodies.read(req);
        Optional<CharacterName> name = fields.required("name", CharacterName::parse, CharacterName.RULE);
        Optional<CharacterClass> characterClass = fields.optional(
                "class", CharacterClass::parse, "must be one of " + CharacterClass.allowed(), CharacterClass.DEFAULT);
        fields.validate();
        Character created =
                roster.create(BearerAuthentication.account(req), name.orElseThrow(), characterClass.orElseThrow());
        res.status(Status.CREATED_201)
                .header(HeaderNames.LOCATION, PATH + "/" + created.id())
                .send(CharacterResponse.of(created));
    }
}
