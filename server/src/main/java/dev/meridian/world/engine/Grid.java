package dev.meridian.world.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The interest grid of a zone: square cells as wide as the view radius, so the 3 x 3 cells around a player cover at
 * least the radius every way. Each cell also knows the portals that reach into it, so a move looks only at those.
 * Tick thread only.
 */
final class Grid {
    private static final ZonePortal[] NO_PORTALS = new ZonePortal[0];

    private final Cell[] cells;
    final int columns;
    final int rows;
    private final int cellSize;
    final int maxX;
    final int maxY;
    private final List<Cell> touched = new ArrayList<>();

    Grid(ZoneSettings settings) {
        this.maxX = settings.width() * ZoneSettings.POSITION_SCALE;
        this.maxY = settings.height() * ZoneSettings.POSITION_SCALE;
        this.cellSize = Math.max(1, (int) Math.round(settings.viewRadius() * ZoneSettings.POSITION_SCALE));
        this.columns = maxX / cellSize + 1;
        this.rows = maxY / cellSize + 1;
        this.cells = new Cell[columns * rows];
        List<ZonePortal> portals =
                settings.portals().stream().map(ZonePortal::new).toList();
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                Cell cell = new Cell(row * columns + column, column, row);
                int x0 = column * cellSize;
                int y0 = row * cellSize;
                cell.portals = portals.stream()
                        .filter(p -> p.overlaps(x0, y0, x0 + cellSize - 1, y0 + cellSize - 1))
                        .toArray(ZonePortal[]::new);
                if (cell.portals.length == 0) {
                    cell.portals = NO_PORTALS;
                }
                cells[cell.index()] = cell;
            }
        }
    }

    Cell cellAt(int x, int y) {
        return cells[(y / cellSize) * columns + x / cellSize];
    }

    Cell cell(int column, int row) {
        return cells[row * columns + column];
    }

    Cell[] cells() {
        return cells;
    }

    /** Whether {@code cell} is one of the 3 x 3 cells around {@code center}. */
    static boolean near(Cell cell, Cell center) {
        return center != null && Math.abs(cell.column - center.column) <= 1 && Math.abs(cell.row - center.row) <= 1;
    }

    /** The cell has changes this tick (arrivals, departures, removals) that views must describe. */
    void touch(Cell cell) {
        if (!cell.touched) {
            cell.touched = true;
            touched.add(cell);
        }
    }

    /** End of tick: the changes have been described. */
    void clearTickChanges() {
        for (int i = 0, n = touched.size(); i < n; i++) {
            touched.get(i).clearTickChanges();
        }
        touched.clear();
    }

    /** The portal at (x, y), if the position lies in one; positions are within the zone. */
    ZonePortal portalAt(int x, int y) {
        ZonePortal[] near = cellAt(x, y).portals;
        for (ZonePortal portal : near) {
            if (portal.contains(x, y)) {
                return portal;
            }
        }
        return null;
    }
}
