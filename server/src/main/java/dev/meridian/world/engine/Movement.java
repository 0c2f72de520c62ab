package dev.meridian.world.engine;

import java.util.Arrays;
import java.util.List;

/**
 * Moves the players by their intents: a unit-clamped direction times the speed of one tick, clamped to the zone,
 * keeping the grid cells up to date. A step that ends inside a portal (from outside it) is not taken here: the entity
 * goes on the tick's list of portal walkers for {@link Crossings}.
 *
 * <p>The steps run on the fan-out threads, each a stretch of the roster: a step writes only its own entity. What
 * touches shared state, a cell border crossed (two cells' member lists) or a portal walked into, is deferred and done
 * afterwards on the tick thread, in roster order, so the outcome does not depend on the threads. With speeds far
 * below the cell size that is a small share of the steps. The roster's order (entering order) rather than the
 * cells': it is close to the order the entities lie in memory, and a step's cost is mostly fetching its entity.
 */
final class Movement {
    private final Grid grid;
    private final double step;
    private final FanOut fanOut;
    /** Per worker: the places (in the roster) of the steps deferred to the tick thread. */
    private final Deferred[] deferred;

    private int[] merged = new int[64];

    Movement(Grid grid, ZoneSettings settings, FanOut fanOut) {
        this.grid = grid;
        this.step = settings.stepPerTick();
        this.fanOut = fanOut;
        this.deferred = new Deferred[fanOut.workers()];
        for (int i = 0; i < deferred.length; i++) {
            deferred[i] = new Deferred();
        }
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

    /**
     * Moves the zone's entities, each first taking its pending move.
     *
     * @param portalWalkers filled with the entities whose step ends in a portal, in roster order
     */
    void tick(List<Entity> entities, long now, PendingMoves pending, List<Entity> portalWalkers) {
        fanOut.forEach(entities.size(), (from, to, worker) -> {
            Deferred mine = deferred[worker];
            for (int i = from; i < to; i++) {
                if (step(entities.get(i), now, pending)) {
                    mine.add(i);
                }
            }
        });
        int total = 0;
        for (Deferred list : deferred) {
            total += list.size;
        }
        if (merged.length < total) {
            merged = new int[Math.max(total, merged.length * 2)];
        }
        int at = 0;
        for (Deferred list : deferred) {
            System.arraycopy(list.places, 0, merged, at, list.size);
            at += list.size;
            list.size = 0;
        }
        Arrays.sort(merged, 0, total);
        for (int i = 0; i < total; i++) {
            Entity entity = entities.get(merged[i]);
            if (entity.portal != null) {
                portalWalkers.add(entity);
            } else {
                changeCell(entity, grid.cellAt(entity.x, entity.y));
            }
        }
    }

    /**
     * One player's step, on a fan-out thread. Writes only this entity.
     *
     * @return whether the rest is the tick thread's: a cell border crossed (the entity already stands at its new
     *     position, its cell not yet changed) or a portal walked into ({@code entity.portal} set, not moved)
     */
    private boolean step(Entity entity, long now, PendingMoves pending) {
        if (entity.joinedTick != now) {
            entity.previousCell = entity.cell;
            entity.previousX = entity.x;
            entity.previousY = entity.y;
        }
        pending.applyTo(entity);
        if (!entity.hasIntent) {
            return false;
        }
        entity.hasIntent = false;
        int x = Fixed.clamp(entity.x + (int) Math.round(entity.intentX * step), grid.maxX);
        int y = Fixed.clamp(entity.y + (int) Math.round(entity.intentY * step), grid.maxY);
        if (x == entity.x && y == entity.y) {
            return false;
        }
        ZonePortal portal = grid.portalAt(x, y);
        // walking into a portal, not standing in one: a player who arrives on a portal's area stays until it
        // steps out and back in
        if (portal != null && grid.portalAt(entity.x, entity.y) != portal) {
            entity.portal = portal;
            entity.portalX = x;
            entity.portalY = y;
            return true;
        }
        entity.x = x;
        entity.y = y;
        entity.dirty = true;
        MoveEvents.moved(entity);
        return grid.cellAt(x, y) != entity.cell;
    }

    /** Puts a moved entity at (x, y), changing its cell when it crossed a cell border. */
    void place(Entity entity, int x, int y) {
        entity.x = x;
        entity.y = y;
        entity.dirty = true;
        Cell reached = grid.cellAt(x, y);
        if (reached != entity.cell) {
            changeCell(entity, reached);
        }
    }

    private void changeCell(Entity entity, Cell reached) {
        Cell from = entity.cell;
        from.remove(entity);
        from.departures.add(entity);
        grid.touch(from);
        reached.add(entity);
        reached.arrivals.add(entity);
        grid.touch(reached);
        entity.cell = reached;
    }

    /** A growable list of places, one per worker. */
    private static final class Deferred {
        private int[] places = new int[64];
        private int size;

        void add(int place) {
            if (size == places.length) {
                places = Arrays.copyOf(places, size * 2);
            }
            places[size++] = place;
        }
    }
}
