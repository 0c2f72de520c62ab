package dev.meridian.world.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A viewer that rebuilds its view from the engine's updates exactly as docs/protocol.md tells clients to: if full,
 * clear; add or replace every entered entity at its previous position; add each moved delta; remove every left id.
 */
final class RecordingViewer implements Viewer {
    final Map<Integer, int[]> view = new HashMap<>();
    final List<Welcome> welcomes = new ArrayList<>();
    final List<ZoneChange> zoneChanges = new ArrayList<>();
    final List<String> unavailable = new ArrayList<>();
    /** Why each of {@link #unavailable} held the player back. */
    final List<PortalHold> holds = new ArrayList<>();
    /** Zones of other nodes a portal sent the player to, and whether its crossing was written. */
    final Map<String, CompletionStage<CrossingWrite>> sentOn = new HashMap<>();
    /** Where the viewer's commands go, as a session routes them (set at the join, moved by a crossing). */
    Zone zone;

    final List<Integer> acks = new ArrayList<>();
    boolean replaced;
    boolean resumeRefused;
    boolean wantsFull;
    int updates;
    int fullUpdates;
    /** Atomic: a tick's moves are drained on its fan-out threads, two of one viewer possibly at once. */
    final AtomicInteger drained = new AtomicInteger();

    final List<String> problems = new ArrayList<>();

    @Override
    public void welcome(Welcome welcome) {
        welcomes.add(welcome);
    }

    @Override
    public void view(ViewUpdate update) {
        updates++;
        acks.add(update.ackSeq());
        if (update.full()) {
            fullUpdates++;
            view.clear();
        }
        for (int i = 0; i < update.enteredCellCount(); i++) {
            Cell cell = update.enteredCell(i);
            for (int m = 0; m < cell.size(); m++) {
                enter(cell.member(m));
            }
        }
        for (int i = 0; i < update.enteredEntityCount(); i++) {
            enter(update.enteredEntity(i));
        }
        for (int i = 0; i < update.viewCellCount(); i++) {
            Cell cell = update.viewCell(i);
            for (int m = 0; m < cell.size(); m++) {
                Entity entity = cell.member(m);
                if (entity.moved()) {
                    int[] position = view.get(entity.id());
                    if (position == null) {
                        problems.add("tick " + update.tick() + ": moved unknown entity " + entity.id());
                        continue;
                    }
                    position[0] += entity.x() - entity.previousX();
                    position[1] += entity.y() - entity.previousY();
                }
            }
        }
        for (int i = 0; i < update.leftCount(); i++) {
            view.remove(update.left(i));
        }
    }

    private void enter(Entity entity) {
        view.put(entity.id(), new int[] {entity.previousX(), entity.previousY()});
    }

    @Override
    public void replaced() {
        replaced = true;
    }

    @Override
    public void resumeRefused() {
        resumeRefused = true;
    }

    @Override
    public boolean takeFullRequest() {
        boolean wanted = wantsFull;
        wantsFull = false;
        return wanted;
    }

    @Override
    public void commandDrained() {
        drained.incrementAndGet();
    }

    @Override
    public void movedTo(Zone zone) {
        this.zone = zone;
    }

    @Override
    public void zoneChanged(ZoneChange change) {
        zoneChanges.add(change);
    }

    @Override
    public void zoneUnavailable(String zone, PortalHold why, Duration retryAfter) {
        unavailable.add(zone);
        holds.add(why);
    }

    @Override
    public void crossedToAnotherNode(String zone, CompletionStage<CrossingWrite> written) {
        sentOn.put(zone, written);
    }
}
