package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterPosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One zone's authoritative state and the order of what a tick does to it: apply commands ({@link ZoneCommands}, its
 * moves on the fan-out threads: {@link PendingMoves}), move ({@link Movement}, also fanned out), cross portals
 * ({@link Crossings}), describe every player's view ({@link Interest}) on the fan-out threads, hand positions on
 * ({@link PositionCadence}). When ticks run is the {@link TickLoop}'s business;
 * tests call {@link #tick()} by hand. Everything except {@link #submit}, {@link #census}, {@link #currentTick} and
 * {@link #population} belongs to the thread that calls {@code tick()}.
 */
public final class Zone {
    private static final System.Logger LOG = System.getLogger(Zone.class.getName());
    private final ZoneSettings settings;
    private final ConcurrentLinkedQueue<Command> inbox = new ConcurrentLinkedQueue<>();
    /** Who asked where everyone is (the admin console); answered at the start of the next tick. */
    private final ConcurrentLinkedQueue<CompletableFuture<List<Placement>>> censuses = new ConcurrentLinkedQueue<>();

    private final TickBreakdown breakdown = new TickBreakdown();
    private final TickTimes tickTimes = new TickTimes();
    /** The tick thread while it rests in an empty zone; null while it ticks. */
    private volatile Thread idleWaiter;

    private final Grid grid;
    private final Roster roster;
    private final ZoneCommands commands;
    /** The tick's moves that the fan-out applies. */
    private final PendingMoves pendingMoves;

    private final Movement movement;
    private final MoveEvents moveEvents;
    private final Crossings crossings;
    private final Interest interest;
    private final PositionCadence positions;
    /** This tick's portal walkers (reused: no allocation per tick). */
    private final List<Entity> portalWalkers = new ArrayList<>();
    /** The players cell by cell (row-major), rebuilt each tick: fan-out slices become regions of the zone. */
    private Entity[] order = new Entity[64];

    private final FanOut fanOut;
    private volatile long tick;
    private volatile int population;

    /** A zone on its own, its views described on the tick thread (tests). */
    public Zone(ZoneSettings settings, PositionSink positions, ZoneEvents events) {
        this(settings, positions, events, FanOut.single(), ZoneLinks.alone());
    }

    /**
     * @param fanOut how many threads describe and encode the players' views each tick
     * @param links the other zones of the node, where portals lead
     */
    public Zone(ZoneSettings settings, PositionSink positions, ZoneEvents events, FanOut fanOut, ZoneLinks links) {
        this.settings = settings;
        this.fanOut = fanOut;
        this.grid = new Grid(settings);
        this.roster = new Roster(grid);
        this.positions = new PositionCadence(positions, settings);
        this.pendingMoves = new PendingMoves(roster);
        this.movement = new Movement(grid, settings, fanOut);
        this.moveEvents = new MoveEvents(events, settings);
        this.commands = new ZoneCommands(this, roster, grid, this.positions, links.placements());
        this.crossings = new Crossings(this, links, roster, movement, this.positions, events);
        this.interest = new Interest(grid, settings.name());
    }

    public String name() {
        return settings.name();
    }

    public ZoneSettings settings() {
        return settings;
    }

    /** Any thread: queue a command for the next tick (waking the tick loop if it rests, see {@link #restUntilWork}). */
    public void submit(Command command) {
        inbox.offer(command);
        wake();
    }

    /**
     * Any thread: where every player of the zone stands, as of the start of the next tick. World state stays the tick
     * thread's: the question waits in a queue like a command.
     */
    public CompletableFuture<List<Placement>> census() {
        CompletableFuture<List<Placement>> answer = new CompletableFuture<>();
        censuses.offer(answer);
        wake();
        return answer;
    }

    private void wake() {
        Thread resting = idleWaiter;
        if (resting != null) {
            LockSupport.unpark(resting);
        }
    }

    /**
     * On the tick thread, between ticks: an empty zone (no players, no commands) has nothing to tick, so its thread
     * rests until a command arrives or {@code maxNanos} pass, rather than waking 20 times a second for nothing.
     *
     * @return whether it rested (the tick schedule then starts again from now)
     */
    boolean restUntilWork(long maxNanos) {
        if (population > 0 || !inbox.isEmpty() || !censuses.isEmpty()) {
            return false;
        }
        idleWaiter = Thread.currentThread();
        try {
            // a command submitted after the check above finds the waiter set and unparks it
            if (inbox.isEmpty() && censuses.isEmpty()) {
                LockSupport.parkNanos(this, maxNanos);
            }
        } finally {
            idleWaiter = null;
        }
        return true;
    }

    /** Any thread: the number of the last completed tick. */
    public long currentTick() {
        return tick;
    }

    /** Stops the fan-out threads; call once the tick loop has stopped. */
    public void close() {
        fanOut.close();
    }

    /** Any thread: players in the zone after the last tick. */
    public int population() {
        return population;
    }

    /** One tick: drain commands, move, cross portals, tell every viewer what changed in its view, hand positions on. */
    public void tick() {
        long started = System.nanoTime();
        long now = tick + 1;
        tick = now;
        // the tick runs on its fan-out's cores while it fans out (FanOut.tickStarting), and is unpinned after
        fanOut.tickStarting(roster.size());
        try {
            int drained = commands.drain(inbox, now, pendingMoves);
            answerCensuses();
            PendingMoves moves = pendingMoves;
            fanOut.forEach(moves.count(), (from, to, worker) -> moves.mark(from, to));
            long commandsDone = System.nanoTime();
            movement.tick(roster.entities, now, moves, portalWalkers);
            if (!portalWalkers.isEmpty()) {
                crossings.tick(portalWalkers, now);
            }
            moveEvents.publishTurns(now, roster);
            int count = orderByCell();
            long moved = System.nanoTime();
            viewAll(order, count, now);
            Arrays.fill(order, 0, count, null);
            long viewed = System.nanoTime();
            positions.afterTick(now, roster);
            breakdown.record(
                    now,
                    count,
                    drained,
                    commandsDone - started,
                    moved - commandsDone,
                    viewed - moved,
                    System.nanoTime() - viewed);
        } finally {
            fanOut.tickEnded();
        }
        grid.clearTickChanges();
        roster.releaseIds();
        population = roster.size();
    }

    /** Describes, encodes and enqueues every player's view, in slices over the fan-out's threads. */
    private void viewAll(Entity[] players, int count, long now) {
        fanOut.run(count, (from, to, update) -> {
            for (int i = from; i < to; i++) {
                Entity entity = players[i];
                interest.describe(entity, now, update);
                try {
                    entity.viewer.view(update);
                } catch (RuntimeException e) {
                    // one viewer's failure must not cost every other player this tick; it gets a full view next
                    entity.needsFull = true;
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "event=view_failed zone=" + name() + " entity=" + entity.id(),
                            e);
                }
            }
        });
    }

    /**
     * Lists the players cell by cell. A fan-out slice is then a band of neighbouring cells, so each thread encodes
     * the fragments of (nearly) only its own cells, and players sharing a cell follow each other, which lets a
     * slice describe a cell's common view once ({@link ViewUpdate#shareKey()}).
     */
    private int orderByCell() {
        int count = roster.size();
        if (order.length < count) {
            order = new Entity[Math.max(count, order.length * 2)];
        }
        int at = 0;
        for (Cell cell : grid.cells()) {
            for (int i = 0, n = cell.size(); i < n; i++) {
                order[at++] = cell.member(i);
            }
        }
        return at;
    }

    /**
     * Positions that changed since they were last handed on. Call from the tick thread, or once the tick loop has
     * stopped (the shutdown flush).
     */
    public List<CharacterPosition> drainDirty() {
        return positions.drainDirty(roster.entities);
    }

    private void answerCensuses() {
        CompletableFuture<List<Placement>> asked = censuses.poll();
        if (asked == null) {
            return;
        }
        List<Placement> placements = new ArrayList<>(roster.size());
        for (Entity entity : roster.entities) {
            placements.add(new Placement(
                    entity.character().id(),
                    entity.character().name(),
                    Fixed.units(entity.x()),
                    Fixed.units(entity.y())));
        }
        List<Placement> answer = List.copyOf(placements);
        do {
            asked.complete(answer);
        } while ((asked = censuses.poll()) != null);
    }

    /** The last tick's phases, for the slow-tick log line (on the tick thread, after {@link #tick()}). */
    TickBreakdown lastTick() {
        return breakdown;
    }

    /** Any thread: the durations of the recent ticks (recorded by the {@link TickLoop}). */
    public TickTimes tickTimes() {
        return tickTimes;
    }

    /** For tests: the entity a viewer plays, if it is in the zone. */
    Entity entityOf(Viewer viewer) {
        return roster.byViewer(viewer);
    }

    /**
     * What the viewer should see now, entity id to fixed-point position: the truth a client's rebuilt view is tested
     * against. Tick thread only.
     */
    public Map<Integer, int[]> visibleTo(Viewer viewer) {
        return Interest.visibleTo(roster.byViewer(viewer), roster.entities);
    }
}
