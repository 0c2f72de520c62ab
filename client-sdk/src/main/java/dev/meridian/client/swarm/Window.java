package dev.meridian.client.swarm;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The measured window of a swarm run.
 *
 * @param seconds its length
 * @param averageConnected bots in the world, the mean of the start and end counts
 * @param connectedAtEnd bots in the world when it ended
 * @param traffic what the bots sent and received during it
 * @param ticksBefore the server's tick metrics at the start, when it exposes them
 * @param zonesTickP99 the busiest zone's exact tick p99 over its last minute of ticks, read as the window ends
 * @param jitSettleSeconds warm-up added to let the server's JIT compilers go quiet ({@code --jit-settle})
 * @param serverJitPercent percent of a core the server's JIT compiler threads used during the window
 * @param phaseShifts how often the warm-up moved the aligned bots' phase to keep each burst inside one tick
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
        Optional<ServerMetrics> ticksAfter,
        OptionalDouble zonesTickP99,
        double jitSettleSeconds,
        OptionalDouble serverJitPercent,
        int phaseShifts) {}
