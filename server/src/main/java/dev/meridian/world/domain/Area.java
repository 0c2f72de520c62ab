package dev.meridian.world.domain;

/** A rectangle of a zone in world units: from (x, y) to (x + width, y + height), edges included. */
public record Area(double x, double y, double width, double height) {
    public Area {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("an area needs finite coordinates and sizes");
        }
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("an area needs a positive width and height");
        }
    }

    public boolean contains(Point point) {
        return point.x() >= x && point.x() <= x + width && point.y() >= y && point.y() <= y + height;
    }

    /** Whether the whole area lies within a zone of {@code zoneWidth} × {@code zoneHeight} units. */
    public boolean within(int zoneWidth, int zoneHeight) {
        return x >= 0 && y >= 0 && x + width <= zoneWidth && y + height <= zoneHeight;
    }

    @Override
    public String toString() {
        return "x " + x + ".." + (x + width) + ", y " + y + ".." + (y + height);
    }
}
