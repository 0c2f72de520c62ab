package dev.meridian.admin.app;

import java.util.OptionalDouble;

/**
 * A zone as the admin console lists it.
 *
 * @param node the node that runs the zone's tick ({@code world.node-id})
 * @param tickP99Millis over the zone's last 1,200 ticks; empty before its first
 */
public record ZoneStatus(
        String name, String node, int players, OptionalDouble tickP99Millis, double tickBudgetMillis) {}
