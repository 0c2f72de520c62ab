package dev.meridian.world.net;

import java.util.Optional;

/** Which node runs a zone that this node does not host (a node of a cluster asks the lease store). */
@FunctionalInterface
public interface ZoneOwners {

    /** A single node: a zone it does not host runs nowhere. */
    ZoneOwners NONE = zone -> Optional.empty();

    Optional<String> ownerOf(String zone);
}
