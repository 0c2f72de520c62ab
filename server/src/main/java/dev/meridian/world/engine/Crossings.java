package dev.meridian.world.engine;

import java.util.List;
import java.util.Optional;

/**
 * Portal crossings, after the tick's movement: a player that walked into a portal leaves this zone (the viewers that
 * saw it learn it left), its new zone and position are handed on to be saved as one record, and the target zone gets
 * its arrival, queued ahead of anything the player sends from then on. A portal to a zone another node runs sends the
 * player there once the crossing is written; one to a zone no node runs, or into another node while this node's writes
 * fail, holds the player back where it stood. Tick thread only.
 */
final class Crossings {
    private final Zone zone;
    private final ZoneLinks links;
    private final Roster roster;
    private final Movement movement;
    private final PositionCadence positions;
    private final ZoneEvents events;
    private final int retryTicks;

    Crossings(
            Zone zone,
            ZoneLinks links,
            Roster roster,
            Movement movement,
            PositionCadence positions,
            ZoneEvents events) {
        this.zone = zone;
        this.links = links;
        this.roster = roster;
        this.movement = movement;
        this.positions = positions;
        this.events = events;
        this.retryTicks = zone.settings().ticksOf(links.retryAfter());
    }

    void tick(List<Entity> portalWalkers, long now) {
        for (int i = 0, n = portalWalkers.size(); i < n; i++) {
            Entity entity = portalWalkers.get(i);
            ZonePortal portal = entity.portal;
            entity.portal = null;
            int x = Fixed.of(portal.definition.to().x());
            int y = Fixed.of(portal.definition.to().y());
            if (portal.toZone().equals(zone.name())) {
                // a portal within the zone: a jump, which views show as a move (or a leave and an enter)
                movement.place(entity, x, y);
                continue;
            }
            Optional<Zone> target = links.hosted(portal.toZone());
            if (target.isPresent()) {
                cross(entity, target.get(), x, y, now);
            } else if (!links.runsElsewhere(portal.toZone())) {
                holdBack(entity, portal, PortalHold.ZONE_NOT_RUN, now);
            } else if (positions.writesFailing()) {
                // the player would wait for Postgres without knowing why: it plays on here and is told
                holdBack(entity, portal, PortalHold.CROSSING_NOT_SAVED, now);
            } else {
                crossAway(entity, portal.toZone(), x, y, now);
            }
        }
        portalWalkers.clear();
    }

    private void cross(Entity entity, Zone target, int x, int y, long now) {
        roster.remove(entity);
        // saved before the arrival is queued: the target zone's later saves of the character are newer
        positions.crossed(entity, target.name(), x, y);
        target.submit(new Command.Arrive(entity.viewer, entity.character(), x, y, entity.ackSeq, zone.name()));
        // after the arrival: a Join that finds the character in the target zone queues behind it
        links.placements().moved(entity.character().id(), target);
        entity.viewer.movedTo(target);
        events.publish(new PlayerChangedZone(
                entity.characterText, zone.name(), target.name(), Fixed.units(x), Fixed.units(y), now));
    }

    /**
     * Into a zone another node runs: the entity leaves this node, and the player is sent to that node once the new zone
     * and position are written, so that the node loads them when the player joins there.
     */
    private void crossAway(Entity entity, String toZone, int x, int y, long now) {
        roster.remove(entity);
        links.placements().left(entity.character().id(), zone);
        entity.viewer.crossedToAnotherNode(toZone, positions.crossedAway(entity, toZone, x, y));
        events.publish(
                new PlayerChangedZone(entity.characterText, zone.name(), toZone, Fixed.units(x), Fixed.units(y), now));
    }

    private void holdBack(Entity entity, ZonePortal portal, PortalHold why, long now) {
        if (now - entity.lastRefusalTick >= retryTicks) {
            entity.lastRefusalTick = now;
            entity.viewer.zoneUnavailable(portal.toZone(), why, links.retryAfter());
        }
    }
}
