package dev.meridian.world.engine;

import java.util.Arrays;

/**
 * What one viewer must learn about one tick, expressed with shared parts so encoders can reuse their bytes:
 * the cells in view (their movements are shared by every viewer of the cell), whole cells that came into view,
 * single entities that came into view, and ids that left it. Reused by the zone from viewer to viewer.
 */
public final class ViewUpdate {
    private String zone;
    private long tick;
    private int ackSeq;
    private boolean ackChanged;
    private boolean full;
    private Cell[] viewCells = new Cell[9];
    private int viewCellCount;
    private Cell[] enteredCells = new Cell[9];
    private int enteredCellCount;
    private Entity[] enteredEntities = new Entity[8];
    private int enteredEntityCount;
    private int[] left = new int[8];
    private int leftCount;
    /** The cell whose stationary players this update describes, or null when it is one player's own. */
    private Cell shared;

    void reset(String zone, long tick, int ackSeq, boolean ackChanged, boolean full) {
        this.zone = zone;
        this.tick = tick;
        this.ackSeq = ackSeq;
        this.ackChanged = ackChanged;
        this.full = full;
        viewCellCount = 0;
        enteredCellCount = 0;
        Arrays.fill(enteredEntities, 0, enteredEntityCount, null);
        enteredEntityCount = 0;
        leftCount = 0;
        shared = null;
    }

    /** Whether this update already holds the common view of the players that stayed in {@code center}. */
    boolean sharesViewOf(Cell center, long tick) {
        return shared == center && this.tick == tick;
    }

    /** Marks the update as the common view of {@code center}'s stationary players (same tick, same zone). */
    void shareAs(Cell center) {
        shared = center;
    }

    /** The same view for another stationary player of the cell: only the acknowledgement differs. */
    void rebase(int ackSeq, boolean ackChanged) {
        this.ackSeq = ackSeq;
        this.ackChanged = ackChanged;
    }

    /**
     * Non-negative when everything but the acknowledgement is the common view of the players that stayed in one
     * cell this tick (the cell's index): encoders may then reuse what they built for the same key and tick.
     */
    public int shareKey() {
        return shared == null ? -1 : shared.index();
    }

    void addViewCell(Cell cell) {
        if (viewCellCount == viewCells.length) {
            viewCells = Arrays.copyOf(viewCells, viewCellCount * 2);
        }
        viewCells[viewCellCount++] = cell;
    }

    void addEnteredCell(Cell cell) {
        if (enteredCellCount == enteredCells.length) {
            enteredCells = Arrays.copyOf(enteredCells, enteredCellCount * 2);
        }
        enteredCells[enteredCellCount++] = cell;
    }

    void addEntered(Entity entity) {
        if (enteredEntityCount == enteredEntities.length) {
            enteredEntities = Arrays.copyOf(enteredEntities, enteredEntityCount * 2);
        }
        enteredEntities[enteredEntityCount++] = entity;
    }

    void addLeft(int entityId) {
        if (leftCount == left.length) {
            left = Arrays.copyOf(left, leftCount * 2);
        }
        left[leftCount++] = entityId;
    }

    public String zone() {
        return zone;
    }

    public long tick() {
        return tick;
    }

    public int ackSeq() {
        return ackSeq;
    }

    /** A Move was applied for this viewer during the tick, so the snapshot is worth sending even if empty. */
    public boolean ackChanged() {
        return ackChanged;
    }

    /** The viewer must drop what it knows: {@link #enteredCell} covers the whole view. */
    public boolean full() {
        return full;
    }

    /** Cells in view: the movements of their entities during this tick are part of the update. */
    public int viewCellCount() {
        return viewCellCount;
    }

    public Cell viewCell(int i) {
        return viewCells[i];
    }

    /** Cells whose every entity enters the view (at its previous-tick position). */
    public int enteredCellCount() {
        return enteredCellCount;
    }

    public Cell enteredCell(int i) {
        return enteredCells[i];
    }

    /** Single entities that enter the view (at their previous-tick position). */
    public int enteredEntityCount() {
        return enteredEntityCount;
    }

    public Entity enteredEntity(int i) {
        return enteredEntities[i];
    }

    public int leftCount() {
        return leftCount;
    }

    public int left(int i) {
        return left[i];
    }
}
