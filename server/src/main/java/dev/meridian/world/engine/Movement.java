package dev.meridian.world.engine;

import java.util.List;

/**
 * Moves the players by their intents: a unit-clamped direction times the speed of one tick, clamped to the zone,
 * keeping the grid cells up to date. A step that ends inside a portal (from outside it) is not taken here: the entity
 * goes on the tick's list of portal walkers for {@link Crossings}. Tick thread only.
 */
final class Movement {
    private final Grid grid;
    private final double step;

    Movement(Grid grid, ZoneSettings settings) {
        this.grid = grid;
        this.step = settings.stepPerTick();
    }

    /** A Move command: the last intent before a tick wins, so no number of moves per tick can exceed the speed. */
    static void intend(Entity entity, float dx, float dy, int seq) {
        double x = dx;
        double y = dy;
        double length = Math.sqrt(x * x + y * y);
        if (length > 1) {
            x /= length;
            y /= length;
        }
        entity.intentX = (float) x;
        entity.intentY = (float) y;
        entity.hasIntent = true;
        entity.ackSeq = seq;
        entity.ackChanged = true;
    }

    /** @param portalWalkers filled with the entities whose step ends in a portal */
    void tick(List<Entity> entities, long now, List<Entity> portalWalkers) {
        for (int i = 0, n = entities.size(); i < n; i++) {
            Entity entity = entities.get(i);
            if (entity.joinedTick != now) {
                entity.previousCell = entity.cell;
                entity.previousX = entity.x;
                entity.previousY = entity.y;
            }
            if (!entity.hasIntent) {
                continue;
            }
            entity.hasIntent = false;
            int x = Fixed.clamp(entity.x + (int) Math.round(entity.intentX * step), grid.maxX);
            int y = Fixed.clamp(entity.y + (int) Math.round(entity.intentY * step), grid.maxY);
            if (x == entity.x && y == entity.y) {
                continue;
            }
            ZonePortal portal = grid.portalAt(x, y);
            // walking into a portal, not standing in one: a player who arrives on a portal's area stays until it
            // steps out and back in
            if (portal != null && grid.portalAt(entity.x, entity.y) != portal) {
                entity.portal = portal;
                entity.portalX = x;
                entity.portalY = y;
                portalWalkers.add(entity);
                continue;
            }
            place(entity, x, y);
            MoveEvents.moved(entity);
        }
    }

    /** Puts a moved entity at (x, y), changing its cell when it crossed a cell border. */
    void place(Entity entity, int x, int y) {
        entity.x = x;
        entity.y = y;
        entity.dirty = true;
        Cell reached = grid.cellAt(x, y);
        if (reached != entity.cell) {
            Cell from = entity.cell;
            from.remove(entity);
            from.departures.add(entity);
            grid.touch(from);
            reached.add(entity);
            reached.arrivals.add(entity);
            grid.touch(reached);
            entity.cell = reached;
        }
    }
}
