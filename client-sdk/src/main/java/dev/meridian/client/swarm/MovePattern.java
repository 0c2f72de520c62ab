package dev.meridian.client.swarm;

import java.util.random.RandomGenerator;

/**
 * Where a bot walks next.
 *
 * <ul>
 *   <li>{@link Kind#CROWD}: everyone gathers within a few units of the zone's centre and shuffles around there, so
 *       every bot sees every other one (the worst case for snapshot size).
 *   <li>{@link Kind#SPREAD}: every bot walks from one random point of the zone to the next, so the bots spread
 *       evenly over the whole zone and each sees only its neighbourhood.
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

    /** A bot's walking state for the spread pattern: where it is heading. */
    static final class Heading {
        boolean hasTarget;
        double targetX;
        double targetY;
    }

    static final double CROWD_RADIUS = 3;
    static final double EDGE_MARGIN = 5;
    /** Close enough to a waypoint to choose the next one (a move covers about 0.4 units). */
    private static final double ARRIVED = 2;

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
    Direction next(double x, double y, double zoneWidth, double zoneHeight, Heading heading, RandomGenerator random) {
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
                // random waypoints: walk straight to a uniformly chosen point, then choose the next; the bots end up
                // spread evenly over the zone far sooner than with a random walk, and stay spread
                if (zoneWidth <= 2 * EDGE_MARGIN || zoneHeight <= 2 * EDGE_MARGIN) {
                    yield random(random);
                }
                if (!heading.hasTarget || Math.hypot(heading.targetX - x, heading.targetY - y) < ARRIVED) {
                    heading.targetX = EDGE_MARGIN + random.nextDouble() * (zoneWidth - 2 * EDGE_MARGIN);
                    heading.targetY = EDGE_MARGIN + random.nextDouble() * (zoneHeight - 2 * EDGE_MARGIN);
                    heading.hasTarget = true;
                }
                double toX = heading.targetX - x;
                double toY = heading.targetY - y;
                double distance = Math.max(Math.hypot(toX, toY), 1e-9);
                yield new Direction(toX / distance, toY / distance);
            }
        };
    }

    private static Direction random(RandomGenerator random) {
        double angle = random.nextDouble() * 2 * Math.PI;
        return new Direction(Math.cos(angle), Math.sin(angle));
    }
}
