package dev.meridian.world.engine;

/**
 * Where the last tick's time went, phase by phase: written by the tick thread at the end of each tick and read by
 * the same thread right after, when the tick overran its budget (the slow-tick log line). No per-tick span or log:
 * a handful of {@code System.nanoTime()} calls is all a normal tick pays.
 */
final class TickBreakdown {
    private long tick;
    private int players;
    private int commands;
    private long commandsNanos;
    private long moveNanos;
    private long viewsNanos;
    private long persistNanos;

    void record(
            long tick,
            int players,
            int commands,
            long commandsNanos,
            long moveNanos,
            long viewsNanos,
            long persistNanos) {
        this.tick = tick;
        this.players = players;
        this.commands = commands;
        this.commandsNanos = commandsNanos;
        this.moveNanos = moveNanos;
        this.viewsNanos = viewsNanos;
        this.persistNanos = persistNanos;
    }

    long commandsNanos() {
        return commandsNanos;
    }

    long moveNanos() {
        return moveNanos;
    }

    long viewsNanos() {
        return viewsNanos;
    }

    long persistNanos() {
        return persistNanos;
    }

    /** The key=value fields of the log line: each phase in milliseconds, with the counts that drive them. */
    String describe() {
        return "tick=" + tick + " players=" + players + " commands=" + commands + " commands_ms=" + ms(commandsNanos)
                + " move_ms=" + ms(moveNanos) + " views_ms=" + ms(viewsNanos) + " persist_ms=" + ms(persistNanos);
    }

    static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }
}
