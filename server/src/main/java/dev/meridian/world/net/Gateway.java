package dev.meridian.world.net;

import dev.meridian.world.cluster.ZoneRouter;
import dev.meridian.world.engine.PlayerCharacters;
import dev.meridian.world.engine.World;
import dev.meridian.world.persistence.PositionWriteBehind;
import java.util.function.LongSupplier;

/** What every session needs from the rest of the world, shared by both transports. */
public record Gateway(
        World world,
        PlayerCharacters characters,
        PositionWriteBehind positions,
        Sessions sessions,
        Admission admission,
        ConnectLimits limits,
        SessionSettings settings,
        WorldMetrics metrics,
        LongSupplier wallClockMillis,
        JoinTracing tracing,
        ZoneRouter router) {}
