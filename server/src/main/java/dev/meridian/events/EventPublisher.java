package dev.meridian.events;

/**
 * Publishes domain events to the bus (NATS) off the request and tick paths. Implementations never block and never
 * throw: when the bus is away or their bounded buffer is full, the event is dropped and counted (docs/events.md).
 */
public interface EventPublisher {

    /**
     * @param type the event type, e.g. {@code character.created}; the subject is {@code <prefix>.<type>}
     * @param data a JSON-serialisable record: the {@code data} of the envelope
     */
    void publish(String type, Object data);
}
