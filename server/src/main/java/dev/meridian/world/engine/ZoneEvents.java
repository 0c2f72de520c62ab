package dev.meridian.world.engine;

/**
 * Where the engine's events go: the engine's own port, so it imports no bus or platform code (the wiring adapts it to
 * the event publisher). Called on tick threads: implementations must return at once and never throw.
 */
@FunctionalInterface
public interface ZoneEvents {

    void publish(WorldEvent event);

    static ZoneEvents none() {
        return event -> {};
    }
}
