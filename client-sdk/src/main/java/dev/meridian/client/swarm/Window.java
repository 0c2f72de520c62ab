package dev.meridian.client.swarm;

import java.util.Optional;

/**
 * The measured window of a swarm run.
 *
 * @param seconds its length
 * @param averageConnected bots in the world, the mean of the start and end counts
 * @param connectedAtEnd bots in the world when it ended
 * @param traffic what the bots sent and received during it
 * @param ticksBefore the server's tick metrics at the start, when it exposes them
 */
record Window(
        double seconds,
        double averageConnected,
        int connectedAtEnd,
        Totals traffic,
        Optional<ProcessSample> serverBefore,
        Optional<ProcessSample> serverAfter,
        Optional<ProcessSample> swarmBefore,
        Optional<ProcessSample> swarmAfter,
        Optional<ServerMetrics> ticksBefore,
        Optional<ServerMetrics> ticksAfter) {}
