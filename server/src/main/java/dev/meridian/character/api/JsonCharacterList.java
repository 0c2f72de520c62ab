package dev.meridian.character.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.meridian.character.app.CharacterListFormat;
import dev.meridian.character.domain.Character;
import java.util.List;

/** The body of {@code GET /v1/characters}: a JSON array of {@link CharacterResponse} (docs/api.md). */
final class JsonCharacterList implements CharacterListFormat {
    private static final ObjectWriter WRITER =
            new ObjectMapper().writerFor(new TypeReference<List<CharacterResponse>>() {});

    /** Change it with the rendering (a field added, renamed, formatted differently), so older cached bodies miss. */
    @Override
    public String name() {
        return "json-1";
    }

    @Override
    public byte[] render(List<Character> characters) {
        try {
            return WRITER.writeValueAsBytes(
                    characters.stream().map(CharacterResponse::of).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a character list", e);
        }
    }
}
