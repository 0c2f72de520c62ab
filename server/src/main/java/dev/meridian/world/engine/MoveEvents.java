package dev.meridian.world.engine;

/** The {@code player.moved} cadence: at most one event per player per {@code world.event-interval}. */
final class MoveEvents {
    private final ZoneEvents events;
    private final String zone;
    private final int eventTicks;

    MoveEvents(ZoneEvents events, ZoneSettings settings) {
        this.events = events;
        this.zone = settings.name();
        this.eventTicks = settings.ticksOf(settings.eventInterval());
    }

    /** The entity moved during tick {@code now}. */
    void moved(Entity entity, long now) {
        if (now - entity.lastEventTick >= eventTicks) {
            entity.lastEventTick = now;
            events.publish(
                    new PlayerMoved(entity.characterText, zone, Fixed.units(entity.x), Fixed.units(entity.y), now));
        }
    }
}
