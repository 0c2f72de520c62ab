package dev.meridian.character.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.meridian.character.domain.Character;

/** A character on the wire (docs/api.md): snake_case, timestamps ISO-8601 UTC. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CharacterResponse(
        String id,
        String accountId,
        String name,
        @JsonProperty("class") String characterClass,
        int level,
        String zone,
        double x,
        double y,
        String createdAt,
        String updatedAt) {
    static CharacterResponse of(Character c) {
        return new CharacterResponse(
                c.id().toString(),
                c.accountId().toString(),
                c.name().value(),
                c.characterClass().wireName(),
                c.level(),
                c.zone(),
                c.x(),
                c.y(),
                c.createdAt().toString(),
                c.updatedAt().toString());
    }
}
