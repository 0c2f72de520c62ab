package dev.meridian.client.swarm;

import java.util.random.RandomGenerator;

/**
 * Where a bot walks next.
 *
 * <ul>
 *   <li>{@link Kind#CROWD}: everyone gathers within a few units of the zone's centre and shuffles around there, so
 *       every bot sees every other one (the worst case for snapshot size).
 *   <li>{@link Kind#SPREAD}: a random walk over the whole zone, changing heading every few seconds and turning
 *       back at the edges, so each bot sees only its neighbourhood.
 * </ul>
 */
final class MovePattern {
    /** The pattern names of the command line. */
    enum Kind {
        CROWD,
        SPREAD
    }

    /** A unit direction. */
    record Direction(double dx, double dy) {}

    /** A bot's walking state for the spread pattern. */
    static final class Heading {
        double angle;
        long changeAtNanos;
    }

    static final double CROWD_RADIUS = 3;
    static final double EDGE_MARGIN = 5;
    private static final long HEADING_NANOS = 3_000_000_000L;

    private final Kind kind;

    MovePattern(Kind kind) {
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /**
     * The next direction for a bot at (x, y) in a zone of the given size (world units; a size of 0 means unknown,
     * then the bot's own start is the middle).
     */
    Direction next(
            double x,
            double y,
            double zoneWidth,
            double zoneHeight,
            Heading heading,
            long now,
            RandomGenerator random) {
        double centreX = zoneWidth > 0 ? zoneWidth / 2 : x;
        double centreY = zoneHeight > 0 ? zoneHeight / 2 : y;
        return switch (kind) {
            case CROWD -> {
                double toX = centreX - x;
                double toY = centreY - y;
                double distance = Math.hypot(toX, toY);
                yield distance > CROWD_RADIUS ? new Direction(toX / distance, toY / distance) : random(random);
            }
            case SPREAD -> {
                boolean nearEdge = zoneWidth > 0
                        && zoneHeight > 0
                        && (x < EDGE_MARGIN
                                || y < EDGE_MARGIN
                                || x > zoneWidth - EDGE_MARGIN
                                || y > zoneHeight - EDGE_MARGIN);
                if (nearEdge) {
                    // turn towards the middle, with some spread so bots do not all walk the same line
                    heading.angle = Math.atan2(centreY - y, centreX - x) + (random.nextDouble() - 0.5);
                    heading.changeAtNanos = now + HEADING_NANOS;
                } else if (now - heading.changeAtNanos >= 0) {
                    heading.angle = random.nextDouble() * 2 * Math.PI;
                    heading.changeAtNanos = now + HEADING_NANOS / 2 + random.nextLong(HEADING_NANOS);
                }
                yield new Direction(Math.cos(heading.angle), Math.sin(heading.angle));
            }
        };
    }

    private static Direction random(RandomGenerator random) {
        double angle = random.nextDouble() * 2 * Math.PI;
        return new Direction(Math.cos(angle), Math.sin(angle));
    }
}
