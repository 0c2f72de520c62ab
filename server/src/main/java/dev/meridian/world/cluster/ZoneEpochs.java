package dev.meridian.world.cluster;

import java.util.OptionalLong;

/** The epoch of each zone this node holds a valid lease for: what its position writes carry. */
@FunctionalInterface
public interface ZoneEpochs {

    /** Empty when this node does not hold the zone's lease now (never had it, lost it, or it ran out). */
    OptionalLong epoch(String zone);
}
