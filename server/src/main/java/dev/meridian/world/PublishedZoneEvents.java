package dev.meridian.world;

import dev.meridian.events.EventPublisher;
import dev.meridian.world.engine.PlayerChangedZone;
import dev.meridian.world.engine.PlayerMoved;
import dev.meridian.world.engine.WorldEvent;
import dev.meridian.world.engine.ZoneEvents;

/** The engine's events on the bus, with their types of docs/events.md. */
final class PublishedZoneEvents implements ZoneEvents {
    private final EventPublisher publisher;

    PublishedZoneEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(WorldEvent event) {
        switch (event) {
            case PlayerMoved moved -> publisher.publish("player.moved", moved);
            case PlayerChangedZone changed -> publisher.publish("player.zone_changed", changed);
        }
    }
}
