package dev.meridian.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waits for one domain event among those a subscription receives. Events leave the server in batches
 * ({@code events.send-interval}), so a test sharing a server with others may first receive their events, sent after
 * it subscribed: it skips those rather than taking the first message for its own.
 */
public final class NatsEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NatsEvents() {}

    /** The first message whose envelope matches, or null if none arrived within {@code timeout}. */
    public static Message await(Subscription subscription, Duration timeout, Predicate<JsonNode> envelope)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Message message = subscription.nextMessage(Duration.ofNanos(left));
            if (message == null) {
                return null;
            }
            if (envelope.test(envelope(message))) {
                return message;
            }
        }
        return null;
    }

    /** Matches an envelope whose {@code data.<field>} is {@code value}. */
    public static Predicate<JsonNode> dataField(String field, String value) {
        return envelope -> envelope.path("data").path(field).asText().equals(value);
    }

    public static JsonNode envelope(Message message) {
        try {
            return JSON.readTree(message.getData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
