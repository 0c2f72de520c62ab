package dev.meridian.world.engine;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A viewer for tests and benchmarks that only care about views: everything else the zone tells a viewer is ignored,
 * and it never asks for a full snapshot. Subclasses override what they observe.
 */
public abstract class QuietViewer implements Viewer {
    @Override
    public void welcome(Welcome welcome) {}

    @Override
    public void replaced() {}

    @Override
    public void resumeRefused() {}

    @Override
    public boolean takeFullRequest() {
        return false;
    }

    @Override
    public void commandDrained() {}

    @Override
    public void movedTo(Zone zone) {}

    @Override
    public void zoneChanged(ZoneChange change) {}

    @Override
    public void crossedToAnotherNode(String zone, CompletionStage<CrossingWrite> written) {}

    @Override
    public void zoneUnavailable(String zone, PortalHold why, Duration retryAfter) {}
}
