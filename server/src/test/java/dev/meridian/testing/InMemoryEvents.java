package dev.meridian.testing;

import dev.meridian.events.EventPublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every published event, for use-case tests. */
public final class InMemoryEvents implements EventPublisher {
    private final List<Published> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String type, Object data) {
        published.add(new Published(type, data));
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    public record Published(String type, Object data) {}
}
