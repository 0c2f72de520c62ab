package dev.meridian.world.engine;

import dev.meridian.world.domain.Portal;

/** A portal in the engine's fixed point: the rectangle to walk into, and where it leads. */
final class ZonePortal {
    final Portal definition;
    private final int minX;
    private final int minY;
    private final int maxX;
    private final int maxY;

    ZonePortal(Portal definition) {
        this.definition = definition;
        this.minX = Fixed.of(definition.area().x());
        this.minY = Fixed.of(definition.area().y());
        this.maxX = Fixed.of(definition.area().x() + definition.area().width());
        this.maxY = Fixed.of(definition.area().y() + definition.area().height());
    }

    boolean contains(int x, int y) {
        return x >= minX && x <= maxX && y >= minY && y <= maxY;
    }

    /** Whether the rectangle reaches into the square [x0, x1] × [y0, y1] (a cell of the grid). */
    boolean overlaps(int x0, int y0, int x1, int y1) {
        return minX <= x1 && maxX >= x0 && minY <= y1 && maxY >= y0;
    }

    String toZone() {
        return definition.toZone();
    }
}
