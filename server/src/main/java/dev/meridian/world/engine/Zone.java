package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.events.EventPublisher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One zone's authoritative state and what a tick does to it. When ticks run is the {@link TickLoop}'s business;
 * tests call {@link #tick()} by hand. Everything except {@link #submit}, {@link #currentTick} and
 * {@link #population} belongs to the thread that calls {@code tick()}.
 */
public final class Zone {
    private static final System.Logger LOG = System.getLogger(Zone.class.getName());
    private final ZoneSettings settings;
    private final PositionSink positions;
    private final EventPublisher events;
    private final ConcurrentLinkedQueue<Command> inbox = new ConcurrentLinkedQueue<>();
    /** Who asked where everyone is (the admin console); answered at the start of the next tick. */
    private final ConcurrentLinkedQueue<CompletableFuture<List<Placement>>> censuses = new ConcurrentLinkedQueue<>();

    private final TickBreakdown breakdown = new TickBreakdown();
    private final TickTimes tickTimes = new TickTimes();
    /** The tick thread while it rests in an empty zone; null while it ticks. */
    private volatile Thread idleWaiter;

    private final Map<CharacterId, Entity> byCharacter = new HashMap<>();
    private final Map<Viewer, Entity> byViewer = new IdentityHashMap<>();
    private final List<Entity> entities = new ArrayList<>();
    private final Cell[] cells;
    private final int columns;
    private final int rows;
    private final int cellSize;
    private final int maxX;
    private final int maxY;
    private final double step;
    private final int persistTicks;
    private final int eventTicks;
    private final List<Cell> touched = new ArrayList<>();
    /** The players cell by cell (row-major), rebuilt each tick: fan-out slices become regions of the zone. */
    private Entity[] order = new Entity[64];

    private final FanOut fanOut;
    private final EntityIds ids = new EntityIds();
    private volatile long tick;
    private volatile int population;

    public Zone(ZoneSettings settings, PositionSink positions, EventPublisher events) {
        this(settings, positions, events, FanOut.single());
    }

    /** @param fanOut how many threads describe and encode the players' views each tick */
    public Zone(ZoneSettings settings, PositionSink positions, EventPublisher events, FanOut fanOut) {
        this.fanOut = fanOut;
        this.settings = settings;
        this.positions = positions;
        this.events = events;
        this.maxX = settings.width() * ZoneSettings.POSITION_SCALE;
        this.maxY = settings.height() * ZoneSettings.POSITION_SCALE;
        // a cell as wide as the view radius: the 3x3 cells around a player cover at least the radius every way
        this.cellSize = Math.max(1, (int) Math.round(settings.viewRadius() * ZoneSettings.POSITION_SCALE));
        this.columns = maxX / cellSize + 1;
        this.rows = maxY / cellSize + 1;
        this.cells = new Cell[columns * rows];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                cells[row * columns + column] = new Cell(row * columns + column, column, row);
            }
        }
        this.step = settings.stepPerTick();
        this.persistTicks = settings.ticksOf(settings.persistInterval());
        this.eventTicks = settings.ticksOf(settings.eventInterval());
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

    /** One tick: drain commands, move, tell every viewer what changed in its view, hand dirty positions on. */
    public void tick() {
        long started = System.nanoTime();
        long now = tick + 1;
        tick = now;
        int commands = drainCommands(now);
        answerCensuses();
        long drained = System.nanoTime();
        move(now);
        int count = orderByCell();
        long moved = System.nanoTime();
        Entity[] players = order;
        fanOut.run(count, (from, to, update) -> {
            for (int i = from; i < to; i++) {
                Entity entity = players[i];
                describeView(entity, now, update);
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
        Arrays.fill(players, 0, count, null);
        long viewed = System.nanoTime();
        if (now % persistTicks == 0) {
            List<CharacterPosition> dirty = drainDirty();
            if (!dirty.isEmpty()) {
                positions.save(dirty);
            }
        }
        breakdown.record(
                now, count, commands, drained - started, moved - drained, viewed - moved, System.nanoTime() - viewed);
        for (int i = 0, n = touched.size(); i < n; i++) {
            touched.get(i).clearTickChanges();
        }
        touched.clear();
        ids.releasePending();
        population = entities.size();
    }

    /**
     * Lists the players cell by cell. A fan-out slice is then a band of neighbouring cells, so each thread encodes
     * the fragments of (nearly) only its own cells, and players sharing a cell follow each other, which lets a
     * slice describe a cell's common view once ({@link ViewUpdate#shareKey()}).
     */
    private int orderByCell() {
        int count = entities.size();
        if (order.length < count) {
            order = new Entity[Math.max(count, order.length * 2)];
        }
        int at = 0;
        for (Cell cell : cells) {
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
        List<CharacterPosition> dirty = new ArrayList<>();
        for (Entity entity : entities) {
            if (entity.dirty) {
                entity.dirty = false;
                dirty.add(stored(entity));
            }
        }
        return dirty;
    }

    /** @return how many commands were drained */
    private int drainCommands(long now) {
        int drained = 0;
        Command command;
        while ((command = inbox.poll()) != null) {
            drained++;
            command.viewer().commandDrained();
            switch (command) {
                case Command.Join join -> join(join, now);
                case Command.Resume resume -> resume(resume, now);
                case Command.Move move -> intend(move);
                case Command.Leave leave -> leave(leave.viewer(), now);
            }
        }
        return drained;
    }

    private void answerCensuses() {
        CompletableFuture<List<Placement>> asked = censuses.poll();
        if (asked == null) {
            return;
        }
        List<Placement> placements = new ArrayList<>(entities.size());
        for (Entity entity : entities) {
            placements.add(new Placement(
                    entity.character().id(),
                    entity.character().name(),
                    entity.x() / (double) ZoneSettings.POSITION_SCALE,
                    entity.y() / (double) ZoneSettings.POSITION_SCALE));
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

    private void join(Command.Join join, long now) {
        Entity existing = byCharacter.get(join.character().id());
        if (existing != null) {
            if (existing.viewer != join.viewer()) {
                takeOver(existing, join.viewer(), now);
            }
            return;
        }
        leave(join.viewer(), now);
        int x = clamp(fixed(join.character().x()), maxX);
        int y = clamp(fixed(join.character().y()), maxY);
        Entity entity = new Entity(ids.allocate(), join.character(), join.viewer(), x, y);
        entity.joinedTick = now;
        entity.cell = cellAt(x, y);
        entity.cell.add(entity);
        entity.cell.arrivals.add(entity);
        touch(entity.cell);
        entities.add(entity);
        byCharacter.put(entity.character().id(), entity);
        byViewer.put(entity.viewer, entity);
        entity.viewer.welcome(welcome(entity, now));
    }

    private void resume(Command.Resume resume, long now) {
        Entity parked = byCharacter.get(resume.character());
        if (parked == null) {
            resume.viewer().resumeRefused();
            return;
        }
        if (parked.viewer != resume.viewer()) {
            // the first snapshot is full, and carries the last applied move's seq so the client's numbering goes on
            parked.ackChanged = true;
            takeOver(parked, resume.viewer(), now);
        }
    }

    private void takeOver(Entity entity, Viewer newViewer, long now) {
        leave(newViewer, now);
        Viewer old = entity.viewer;
        byViewer.remove(old);
        entity.viewer = newViewer;
        entity.needsFull = true;
        byViewer.put(newViewer, entity);
        old.replaced();
        newViewer.welcome(welcome(entity, now));
    }

    private void leave(Viewer viewer, long now) {
        Entity entity = byViewer.remove(viewer);
        if (entity == null) {
            return;
        }
        byCharacter.remove(entity.character().id());
        entities.remove(entity);
        entity.cell.remove(entity);
        // viewers that saw the entity last tick learn it left; one that joined this tick gets entered then left
        entity.cell.addRemoved(entity.id());
        touch(entity.cell);
        ids.free(entity.id());
        entity.dirty = false;
        positions.save(List.of(stored(entity)));
    }

    private void intend(Command.Move move) {
        Entity entity = byViewer.get(move.viewer());
        if (entity == null) {
            // not in play (never joined, left, or replaced): that session has already been told why
            return;
        }
        double dx = move.dx();
        double dy = move.dy();
        double length = Math.sqrt(dx * dx + dy * dy);
        if (length > 1) {
            dx /= length;
            dy /= length;
        }
        // the last intent before a tick wins, so no number of moves per tick can exceed the speed
        entity.intentX = (float) dx;
        entity.intentY = (float) dy;
        entity.hasIntent = true;
        entity.ackSeq = move.seq();
        entity.ackChanged = true;
    }

    private void move(long now) {
        for (int i = 0, n = entities.size(); i < n; i++) {
            Entity entity = entities.get(i);
            if (entity.joinedTick != now) {
                entity.previousCell = entity.cell;
                entity.previousX = entity.x;
                entity.previousY = entity.y;
            }
            if (!entity.hasIntent) {
                continue;
            }
            entity.hasIntent = false;
            entity.x = clamp(entity.x + (int) Math.round(entity.intentX * step), maxX);
            entity.y = clamp(entity.y + (int) Math.round(entity.intentY * step), maxY);
            if (!entity.moved()) {
                continue;
            }
            entity.dirty = true;
            Cell reached = cellAt(entity.x, entity.y);
            if (reached != entity.cell) {
                Cell from = entity.cell;
                from.remove(entity);
                from.departures.add(entity);
                touch(from);
                reached.add(entity);
                reached.arrivals.add(entity);
                touch(reached);
                entity.cell = reached;
            }
            if (now - entity.lastEventTick >= eventTicks) {
                entity.lastEventTick = now;
                events.publish(
                        "player.moved",
                        new PlayerMoved(entity.characterText, name(), unfixed(entity.x), unfixed(entity.y), now));
            }
        }
    }

    /** Fills {@code update} for one viewer; see docs/protocol.md for the rule a client rebuilds with. */
    private void describeView(Entity viewer, long now, ViewUpdate update) {
        Cell center = viewer.cell;
        Cell before = viewer.previousCell;
        boolean full = viewer.needsFull | viewer.viewer.takeFullRequest() | before == null;
        viewer.needsFull = false;
        boolean ackChanged = viewer.ackChanged;
        viewer.ackChanged = false;
        // a player that stayed in its cell sees the same changes as every other such player of that cell
        boolean stationary = !full && before == center;
        if (stationary && update.sharesViewOf(center, now)) {
            update.rebase(viewer.ackSeq, ackChanged);
            return;
        }
        update.reset(name(), now, viewer.ackSeq, ackChanged, full);
        for (int row = Math.max(0, center.row - 1), lastRow = Math.min(rows - 1, center.row + 1);
                row <= lastRow;
                row++) {
            for (int column = Math.max(0, center.column - 1), lastColumn = Math.min(columns - 1, center.column + 1);
                    column <= lastColumn;
                    column++) {
                Cell cell = cells[row * columns + column];
                update.addViewCell(cell);
                if (full || !near(cell, before)) {
                    update.addEnteredCell(cell);
                } else if (cell.touched) {
                    describeCrossings(cell, center, before, update);
                }
            }
        }
        if (!full && before != center) {
            describeCellsLeft(center, before, update);
        }
        if (stationary) {
            update.shareAs(center);
        }
    }

    /** A cell seen before and now: who crossed its border. */
    private static void describeCrossings(Cell cell, Cell center, Cell before, ViewUpdate update) {
        for (int i = 0, n = cell.arrivals.size(); i < n; i++) {
            Entity arrival = cell.arrivals.get(i);
            if (arrival.previousCell == null || !near(arrival.previousCell, before)) {
                update.addEntered(arrival);
            }
        }
        describeDepartures(cell, center, update);
    }

    /** Who left {@code cell} this tick for somewhere out of view, or left the zone. */
    private static void describeDepartures(Cell cell, Cell center, ViewUpdate update) {
        for (int i = 0, n = cell.departures.size(); i < n; i++) {
            Entity departure = cell.departures.get(i);
            if (!near(departure.cell, center)) {
                update.addLeft(departure.id());
            }
        }
        for (int i = 0; i < cell.removedCount; i++) {
            update.addLeft(cell.removed[i]);
        }
    }

    /** The viewer changed cells: everything it knew in the cells now out of view leaves. */
    private void describeCellsLeft(Cell center, Cell before, ViewUpdate update) {
        for (int row = Math.max(0, before.row - 1), lastRow = Math.min(rows - 1, before.row + 1);
                row <= lastRow;
                row++) {
            for (int column = Math.max(0, before.column - 1), lastColumn = Math.min(columns - 1, before.column + 1);
                    column <= lastColumn;
                    column++) {
                Cell cell = cells[row * columns + column];
                if (near(cell, center)) {
                    continue;
                }
                for (int i = 0, n = cell.size(); i < n; i++) {
                    Entity member = cell.member(i);
                    if (member.previousCell != null && near(member.previousCell, before)) {
                        update.addLeft(member.id());
                    }
                }
                describeDepartures(cell, center, update);
            }
        }
    }

    private static boolean near(Cell cell, Cell center) {
        return center != null && Math.abs(cell.column - center.column) <= 1 && Math.abs(cell.row - center.row) <= 1;
    }

    private void touch(Cell cell) {
        if (!cell.touched) {
            cell.touched = true;
            touched.add(cell);
        }
    }

    private Cell cellAt(int x, int y) {
        return cells[(y / cellSize) * columns + x / cellSize];
    }

    private Welcome welcome(Entity entity, long now) {
        return new Welcome(
                entity.id(),
                entity.character().id(),
                name(),
                entity.x,
                entity.y,
                now,
                settings.tickRate(),
                ZoneSettings.POSITION_SCALE,
                settings.width(),
                settings.height());
    }

    private CharacterPosition stored(Entity entity) {
        return new CharacterPosition(entity.character().id(), name(), unfixed(entity.x), unfixed(entity.y));
    }

    /** For tests: the entity a viewer plays, if it is in the zone. */
    Entity entityOf(Viewer viewer) {
        return byViewer.get(viewer);
    }

    /**
     * What the viewer should see now, entity id to fixed-point position: the truth a client's rebuilt view is tested
     * against. Tick thread only.
     */
    public Map<Integer, int[]> visibleTo(Viewer viewer) {
        Entity entity = byViewer.get(viewer);
        Map<Integer, int[]> visible = new HashMap<>();
        for (Entity other : entities) {
            if (near(other.cell, entity.cell)) {
                visible.put(other.id(), new int[] {other.x, other.y});
            }
        }
        return visible;
    }

    private static int fixed(double units) {
        return Double.isFinite(units) ? (int) Math.round(units * ZoneSettings.POSITION_SCALE) : 0;
    }

    private static double unfixed(int value) {
        return value / (double) ZoneSettings.POSITION_SCALE;
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
