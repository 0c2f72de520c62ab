package dev.meridian.world.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each player must learn after a tick: the changes in the 3 x 3 cells around it, described with shared parts
 * ({@link ViewUpdate}) so encoders reuse their bytes. docs/protocol.md gives the rule a client rebuilds with. Reads
 * zone state only, so the fan-out threads call it in parallel, each with its own update.
 */
final class Interest {
    private final Grid grid;
    private final String zone;

    Interest(Grid grid, String zone) {
        this.grid = grid;
        this.zone = zone;
    }

    /** Fills {@code update} for one viewer. */
    void describe(Entity viewer, long now, ViewUpdate update) {
        Cell center = viewer.cell;
        Cell before = viewer.previousCell;
        boolean full = viewer.needsFull | viewer.viewer.takeFullRequest() | before == null;
        viewer.needsFull = false;
        boolean ackChanged = viewer.ackChanged;
        viewer.ackChanged = false;
        // a player that stayed in its cell sees the same changes as every other such player of that cell
        boolean stationary = !full && before == center;
        if (stationary && update.sharesViewOf(center, now)) {
            update.rebase(viewer.ackSeq, ackChanged);
            return;
        }
        update.reset(zone, now, viewer.ackSeq, ackChanged, full);
        for (int row = Math.max(0, center.row - 1), lastRow = Math.min(grid.rows - 1, center.row + 1);
                row <= lastRow;
                row++) {
            for (int column = Math.max(0, center.column - 1),
                            lastColumn = Math.min(grid.columns - 1, center.column + 1);
                    column <= lastColumn;
                    column++) {
                Cell cell = grid.cell(column, row);
                update.addViewCell(cell);
                if (full || !Grid.near(cell, before)) {
                    update.addEnteredCell(cell);
                } else if (cell.touched) {
                    describeCrossings(cell, center, before, update);
                }
            }
        }
        if (!full && before != center) {
            describeCellsLeft(center, before, update);
        }
        if (stationary) {
            update.shareAs(center);
        }
    }

    /** A cell seen before and now: who crossed its border. */
    private static void describeCrossings(Cell cell, Cell center, Cell before, ViewUpdate update) {
        for (int i = 0, n = cell.arrivals.size(); i < n; i++) {
            Entity arrival = cell.arrivals.get(i);
            if (arrival.previousCell == null || !Grid.near(arrival.previousCell, before)) {
                update.addEntered(arrival);
            }
        }
        describeDepartures(cell, center, update);
    }

    /** Who left {@code cell} this tick for somewhere out of view, or left the zone. */
    private static void describeDepartures(Cell cell, Cell center, ViewUpdate update) {
        for (int i = 0, n = cell.departures.size(); i < n; i++) {
            Entity departure = cell.departures.get(i);
            if (!Grid.near(departure.cell, center)) {
                update.addLeft(departure.id());
            }
        }
        for (int i = 0; i < cell.removedCount; i++) {
            update.addLeft(cell.removed[i]);
        }
    }

    /** The viewer changed cells: everything it knew in the cells now out of view leaves. */
    private void describeCellsLeft(Cell center, Cell before, ViewUpdate update) {
        for (int row = Math.max(0, before.row - 1), lastRow = Math.min(grid.rows - 1, before.row + 1);
                row <= lastRow;
                row++) {
            for (int column = Math.max(0, before.column - 1),
                            lastColumn = Math.min(grid.columns - 1, before.column + 1);
                    column <= lastColumn;
                    column++) {
                Cell cell = grid.cell(column, row);
                if (Grid.near(cell, center)) {
                    continue;
                }
                for (int i = 0, n = cell.size(); i < n; i++) {
                    Entity member = cell.member(i);
                    if (member.previousCell != null && Grid.near(member.previousCell, before)) {
                        update.addLeft(member.id());
                    }
                }
                describeDepartures(cell, center, update);
            }
        }
    }

    /** The truth a client's rebuilt view is tested against: entity id to fixed-point position. */
    static Map<Integer, int[]> visibleTo(Entity viewer, List<Entity> entities) {
        Map<Integer, int[]> visible = new HashMap<>();
        for (Entity other : entities) {
            if (Grid.near(other.cell, viewer.cell)) {
                visible.put(other.id(), new int[] {other.x, other.y});
            }
        }
        return visible;
    }
}
