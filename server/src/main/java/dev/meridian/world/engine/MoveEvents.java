package dev.meridian.world.engine;

/**
 * The {@code player.moved} cadence: at most one event per player per {@code world.event-interval}. Each player's turn
 * comes once per interval, on a tick set by its entity id, and a player that moved since its last event publishes
 * one then. Players who entered together (a restart, a crowd through a portal) and keep walking therefore publish on
 * different ticks, a share of them each tick, rather than all of them on the same one tick in twenty.
 */
final class MoveEvents {
    private final ZoneEvents events;
    private final String zone;
    private final int eventTicks;

    MoveEvents(ZoneEvents events, ZoneSettings settings) {
        this.events = events;
        this.zone = settings.name();
        this.eventTicks = settings.ticksOf(settings.eventInterval());
    }

    /** The entity moved during the tick. */
    static void moved(Entity entity) {
        entity.movedSinceEvent = true;
    }

    /** After the tick's movement: the events of the players whose turn it is. */
    void publishTurns(long now, Roster roster) {
        roster.forEachTurn(now, eventTicks, entity -> {
            if (entity.movedSinceEvent) {
                entity.movedSinceEvent = false;
                events.publish(
                        new PlayerMoved(entity.characterText, zone, Fixed.units(entity.x), Fixed.units(entity.y), now));
            }
        });
    }
}
