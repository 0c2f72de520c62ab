package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;

/**
 * What the network asks of a zone. Network threads validate and enqueue these records; the zone drains them at the
 * start of its tick, so world state is only ever touched by the tick thread.
 */
public sealed interface Command {

    Viewer viewer();

    /** Enter the zone with a character already checked to belong to the session's account. */
    record Join(Viewer viewer, PlayerCharacter character) implements Command {}

    /**
     * A direction intent for the next tick. Its length is clamped to 1 and scaled by the zone's speed; only the last
     * Move a viewer sends before a tick counts, so a burst cannot exceed the speed.
     */
    record Move(Viewer viewer, float dx, float dy, int seq) implements Command {
        public Move {
            if (!Float.isFinite(dx) || !Float.isFinite(dy)) {
                throw new IllegalArgumentException("dx and dy must be finite numbers");
            }
        }
    }

    /**
     * Take over the character's entity, which a dropped connection left standing in the zone (the resume token was
     * checked by the network). Never creates an entity: one that has left already is refused
     * ({@link Viewer#resumeRefused}).
     */
    record Resume(Viewer viewer, CharacterId character) implements Command {}

    /** Leave the zone (also sent by the session when its connection ends). */
    record Leave(Viewer viewer) implements Command {}
}
