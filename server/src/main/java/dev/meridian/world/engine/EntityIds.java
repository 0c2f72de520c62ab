package dev.meridian.world.engine;

import java.util.Arrays;

/**
 * Small per-zone entity ids (they are varints on the wire). A freed id is reused only after the tick that freed it,
 * so one snapshot never carries the same id as both a leaving and an entering entity.
 */
final class EntityIds {
    private int next = 1;
    private int[] free = new int[16];
    private int freeCount;
    private int[] pending = new int[16];
    private int pendingCount;

    int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        return next++;
    }

    void free(int id) {
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pendingCount * 2);
        }
        pending[pendingCount++] = id;
    }

    void releasePending() {
        for (int i = 0; i < pendingCount; i++) {
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, freeCount * 2);
            }
            free[freeCount++] = pending[i];
        }
        pendingCount = 0;
    }
}
