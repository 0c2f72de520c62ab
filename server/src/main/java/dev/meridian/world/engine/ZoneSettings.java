package dev.meridian.world.engine;

import dev.meridian.world.domain.Portal;
import java.time.Duration;
import java.util.List;

/**
 * The rules of one zone. Sizes, speed and radius are in world units; the engine keeps positions in fixed point
 * ({@link #POSITION_SCALE} steps per unit) so that deltas sent to clients are exact.
 *
 * @param persistInterval how often moved positions are handed to the write-behind
 * @param eventInterval the minimum time between two {@code player.moved} events of one player
 * @param portals the zone's portals (the map checked that they lie in the zone and lead somewhere)
 */
public record ZoneSettings(
        String name,
        int width,
        int height,
        int tickRate,
        double speed,
        double viewRadius,
        Duration persistInterval,
        Duration eventInterval,
        List<Portal> portals) {

    public static final int POSITION_SCALE = 100;

    public ZoneSettings {
        portals = List.copyOf(portals);
        if (width <= 0 || height <= 0 || width > 100_000 || height > 100_000) {
            throw new IllegalArgumentException("zone size must be within 1..100000 units");
        }
        if (tickRate < 1 || tickRate > 1000) {
            throw new IllegalArgumentException("tick rate must be within 1..1000 Hz");
        }
        if (!(speed > 0) || !(viewRadius > 0)) {
            throw new IllegalArgumentException("speed and view radius must be positive");
        }
    }

    /** A zone without portals. */
    public ZoneSettings(
            String name,
            int width,
            int height,
            int tickRate,
            double speed,
            double viewRadius,
            Duration persistInterval,
            Duration eventInterval) {
        this(name, width, height, tickRate, speed, viewRadius, persistInterval, eventInterval, List.of());
    }

    public long tickNanos() {
        return 1_000_000_000L / tickRate;
    }

    /** Fixed-point distance a player may cover in one tick. */
    double stepPerTick() {
        return speed * POSITION_SCALE / tickRate;
    }

    int ticksOf(Duration interval) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, interval.toNanos() / tickNanos()));
    }
}
