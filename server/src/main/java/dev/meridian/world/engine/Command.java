package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;

/**
 * What the network asks of a zone, and what zones of one node hand each other. Network threads validate and enqueue
 * the first four; the zone drains its inbox at the start of its tick, so world state is only ever touched by the tick
 * thread. One inbox for both keeps a session's commands in order with a portal crossing that moves it.
 */
public sealed interface Command {

    Viewer viewer();

    /** Whether the command came from the viewer's session (which counts what it has waiting: {@link Viewer#commandDrained}). */
    default boolean fromSession() {
        return true;
    }

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

    /**
     * Zone to zone, never from a client: the player walked through a portal of {@code fromZone} and enters here at
     * (x, y), fixed point, with its last applied move's seq.
     */
    record Arrive(Viewer viewer, PlayerCharacter character, int x, int y, int ackSeq, String fromZone)
            implements Command {
        @Override
        public boolean fromSession() {
            return false;
        }
    }

    /**
     * Zone to zone: a Join or Resume reached a zone its character had just left through a portal; the zone it went to
     * applies it (its session counted it once already).
     */
    record Forwarded(Command command) implements Command {
        @Override
        public Viewer viewer() {
            return command.viewer();
        }

        @Override
        public boolean fromSession() {
            return false;
        }
    }
}
