package dev.meridian.world.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The tick's Move commands that came after its last other command (in a steady zone: all of them), applied on the
 * fan-out threads instead of one by one on the tick thread. Finding a move's entity (a hash lookup by viewer) and
 * touching it costs cache misses that used to be a serial millisecond per 10,000 players.
 *
 * <p>Two rounds, and the result is the serial one's whatever the threads: first every move marks its entity with
 * its place in the batch, keeping the latest (an atomic maximum, since a viewer's two moves may fall into different
 * slices); then, in {@link Movement}'s round, each entity takes the move that marked it, which is the last one its
 * viewer sent before the tick (only the last intent counts anyway: {@link Command.Move}). Moves before a join,
 * leave or other command keep their order with it: those are applied serially by {@link ZoneCommands}.
 */
final class PendingMoves {
    private static final VarHandle STAMP;

    static {
        try {
            STAMP = MethodHandles.lookup().findVarHandle(Entity.class, "moveStamp", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Roster roster;
    private Command.Move[] moves = new Command.Move[64];
    private int count;
    private long tick;

    PendingMoves(Roster roster) {
        this.roster = roster;
    }

    /** Tick thread, while draining: a move to apply after the batch's other commands. */
    void add(Command.Move move) {
        if (count == moves.length) {
            moves = Arrays.copyOf(moves, count * 2);
        }
        moves[count++] = move;
    }

    int count() {
        return count;
    }

    Command.Move get(int i) {
        return moves[i];
    }

    /** The moves so far were applied on the tick thread (another command followed them). */
    void clear() {
        Arrays.fill(moves, 0, count, null);
        count = 0;
    }

    /** Tick thread: the tick the pending moves belong to (stamps of other ticks are stale). */
    void startTick(long now) {
        clear();
        tick = now;
    }

    /** Fan-out round: moves [from, to) mark their entities; their sessions learn the commands were drained. */
    void mark(int from, int to) {
        long base = tick << 32;
        for (int i = from; i < to; i++) {
            Command.Move move = moves[i];
            move.viewer().commandDrained();
            Entity entity = roster.byViewer(move.viewer());
            if (entity == null) {
                // not in play here (never joined, left, replaced, or on its way through a portal)
                continue;
            }
            long stamp = base | i;
            long seen = (long) STAMP.getVolatile(entity);
            while (seen < stamp && !STAMP.compareAndSet(entity, seen, stamp)) {
                seen = (long) STAMP.getVolatile(entity);
            }
        }
    }

    /** Movement's round, for the entity's own thread: applies the last move its viewer sent before this tick. */
    void applyTo(Entity entity) {
        long stamp = entity.moveStamp;
        if (stamp >>> 32 == tick) {
            Command.Move move = moves[(int) stamp];
            Movement.intend(entity, move.dx(), move.dy(), move.seq());
        }
    }
}
