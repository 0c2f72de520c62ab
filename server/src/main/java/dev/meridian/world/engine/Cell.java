package dev.meridian.world.engine;

import java.util.Arrays;

/**
 * One square of the interest grid: the entities in it now, and what crossed its border this tick. Encoders use
 * {@link #index()} to cache the bytes they produce for a cell once per tick.
 */
public final class Cell {
    private final int index;
    final int column;
    final int row;
    private Entity[] members = new Entity[8];
    private int size;
    final EntityList arrivals = new EntityList();
    final EntityList departures = new EntityList();
    int[] removed = new int[4];
    int removedCount;
    boolean touched;
    /** The portals that reach into this cell (usually none). */
    ZonePortal[] portals;

    Cell(int index, int column, int row) {
        this.index = index;
        this.column = column;
        this.row = row;
    }

    public int index() {
        return index;
    }

    public int size() {
        return size;
    }

    public Entity member(int i) {
        return members[i];
    }

    void add(Entity entity) {
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        entity.slotInCell = size;
        members[size++] = entity;
    }

    void remove(Entity entity) {
        int slot = entity.slotInCell;
        Entity last = members[--size];
        members[slot] = last;
        last.slotInCell = slot;
        members[size] = null;
    }

    void addRemoved(int entityId) {
        if (removedCount == removed.length) {
            removed = Arrays.copyOf(removed, removedCount * 2);
        }
        removed[removedCount++] = entityId;
    }

    void clearTickChanges() {
        arrivals.clear();
        departures.clear();
        removedCount = 0;
        touched = false;
    }

    /** A growable list without boxing or iterators, for the tick's hot loops. */
    static final class EntityList {
        private Entity[] items = new Entity[4];
        private int size;

        void add(Entity entity) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = entity;
        }

        int size() {
            return size;
        }

        Entity get(int i) {
            return items[i];
        }

        void clear() {
            Arrays.fill(items, 0, size, null);
            size = 0;
        }
    }
}
