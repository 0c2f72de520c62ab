package dev.meridian.character.app;

import dev.meridian.character.domain.Character;
import java.util.List;

/**
 * How the API renders a character list. Its {@link #name()} is stored with every cached rendering: change the name
 * whenever the rendering changes, so that a server never answers with bytes another version rendered.
 */
public interface CharacterListFormat {
    String name();

    byte[] render(List<Character> characters);
}
