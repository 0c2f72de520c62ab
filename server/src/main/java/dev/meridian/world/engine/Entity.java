package dev.meridian.world.engine;

import dev.meridian.world.domain.PlayerCharacter;

/**
 * A player in a zone. Owned by the zone's tick thread; encoders read it during {@link Viewer#view}. Positions are
 * fixed point; {@code previousX/Y} is where the entity was at the end of the previous tick, which is the position
 * an "entered" record carries (docs/protocol.md: entered, then moved, then left).
 */
public final class Entity {
    private final int id;
    private final PlayerCharacter character;
    /** Events name the character as text; formatting a UUID each time would cost more than the rest of a move. */
    final String characterText;

    Viewer viewer;
    int x;
    int y;
    int previousX;
    int previousY;
    Cell cell;
    /** The cell at the end of the previous tick; null in the tick the entity joined. */
    Cell previousCell;

    int slotInCell;
    long joinedTick;
    boolean hasIntent;
    float intentX;
    float intentY;
    int ackSeq;
    boolean ackChanged;
    boolean dirty;
    boolean needsFull = true;
    /** The tick (high half) and batch place of the last pending move for it ({@link PendingMoves}). */
    long moveStamp;
    /** Moved since its last {@code player.moved} event ({@link MoveEvents}). */
    boolean movedSinceEvent;
    /** The portal this tick's step walked into, and where in it (fixed point); null on other ticks. */
    ZonePortal portal;

    int portalX;
    int portalY;
    /** When the player was last told that a portal's zone cannot be entered (one error per retry interval). */
    long lastRefusalTick = Long.MIN_VALUE / 2;

    Entity(int id, PlayerCharacter character, Viewer viewer, int x, int y) {
        this.id = id;
        this.character = character;
        this.characterText = character.id().toString();
        this.viewer = viewer;
        this.x = x;
        this.y = y;
        this.previousX = x;
        this.previousY = y;
    }

    public int id() {
        return id;
    }

    public PlayerCharacter character() {
        return character;
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public int previousX() {
        return previousX;
    }

    public int previousY() {
        return previousY;
    }

    public boolean moved() {
        return x != previousX || y != previousY;
    }
}
