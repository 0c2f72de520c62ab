package dev.meridian.platform.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.Main;
import dev.meridian.platform.nats.NatsConnector;
import dev.meridian.platform.tracing.Tracing;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher against the machine's NATS: what a quiet spell sends at once, what a rest holds back. */
class NatsEventPublisherIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = "publisher-it-" + UUID.randomUUID().toString().substring(0, 8);
    private NatsConnector nats;
    private Connection subscriber;

    @BeforeEach
    void connect() throws Exception {
        nats = NatsConnector.start(
                Main.config(Map.of("nats.subject-prefix", prefix)).get("nats"));
        subscriber = Nats.connect("nats://127.0.0.1:4222");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!nats.reachable() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat("NATS on 4222", nats.reachable(), is(true));
    }

    @AfterEach
    void close() throws InterruptedException {
        subscriber.close();
        nats.close();
    }

    @Test
    void anEventAfterAQuietSpellLeavesAtOnceAndThoseDuringTheRestLeaveTogetherAfterIt() throws Exception {
        Subscription moved = subscriber.subscribe(prefix + ".player.moved");
        subscriber.flush(Duration.ofSeconds(5));
        // a rest far longer than the test: what is published during it can only leave when the drain wakes the thread
        NatsEventPublisher publisher =
                NatsEventPublisher.start(nats, 100, Duration.ofHours(1), metrics(), Tracing.off());

        publisher.publish("player.moved", Map.of("n", 0));
        assertThat("the first event left at once", number(moved.nextMessage(Duration.ofSeconds(10))), is(0));
        for (int n = 1; n <= 20; n++) {
            publisher.publish("player.moved", Map.of("n", n));
        }
        assertThat("held during the rest", moved.nextMessage(Duration.ofMillis(500)), is(nullValue()));

        Instant beforeTheDrain = Instant.now();
        publisher.drain(Duration.ofSeconds(5));
        Set<String> ids = new HashSet<>();
        for (int n = 1; n <= 20; n++) {
            Message message = moved.nextMessage(Duration.ofSeconds(10));
            assertThat("event " + n + " sent by the drain, in order", number(message), is(n));
            JsonNode envelope = JSON.readTree(message.getData());
            assertThat(ids.add(envelope.get("id").asText()), is(true));
            assertThat(
                    "occurred_at is when it was published, not when it was sent",
                    Instant.parse(envelope.get("occurred_at").asText()).isBefore(beforeTheDrain),
                    is(true));
        }
    }

    @Test
    void eventsPublishedDuringTheRestLeaveWhenItEndsWithoutADrain() throws Exception {
        Subscription moved = subscriber.subscribe(prefix + ".player.moved");
        subscriber.flush(Duration.ofSeconds(5));
        NatsEventPublisher publisher =
                NatsEventPublisher.start(nats, 100, Duration.ofMillis(300), metrics(), Tracing.off());
        try {
            for (int n = 0; n <= 20; n++) {
                publisher.publish("player.moved", Map.of("n", n));
            }
            for (int n = 0; n <= 20; n++) {
                assertThat("event " + n + ", in order", number(moved.nextMessage(Duration.ofSeconds(10))), is(n));
            }
        } finally {
            publisher.drain(Duration.ofSeconds(5));
        }
    }

    private static int number(Message message) throws Exception {
        assertThat("a message", message != null, is(true));
        JsonNode envelope = JSON.readTree(message.getData());
        assertThat(envelope.get("type").asText(), is("player.moved"));
        return envelope.get("data").get("n").asInt();
    }

    private static MeterRegistry metrics() {
        return Services.get(MeterRegistry.class);
    }
}
