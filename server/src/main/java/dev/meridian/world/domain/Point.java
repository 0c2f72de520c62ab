package dev.meridian.world.domain;

/** A place in a zone, in world units. */
public record Point(double x, double y) {
    public Point {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a point needs finite coordinates");
        }
    }

    @Override
    public String toString() {
        return "(" + x + ", " + y + ")";
    }
}
