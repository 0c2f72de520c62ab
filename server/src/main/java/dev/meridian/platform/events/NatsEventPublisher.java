package dev.meridian.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.meridian.events.EventPublisher;
import dev.meridian.platform.Platform;
import dev.meridian.platform.logging.KeyValueFormatter;
import dev.meridian.platform.logging.ThrottledLog;
import dev.meridian.platform.nats.NatsConnector;
import dev.meridian.platform.shutdown.ShutdownPhase;
import dev.meridian.platform.tracing.Tracing;
import io.helidon.config.Config;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes events to NATS from a bounded buffer drained by one background thread, so no request or tick waits for
 * the broker. At-most-once: an event is dropped (and counted by reason) when the buffer is full, when NATS is not
 * connected at the moment it is sent, or when it cannot be serialised. jnats reconnects by itself; publishing resumes
 * with the next event.
 *
 * <p>The thread sends what is buffered and then rests for {@code events.send-interval} before it looks again: an
 * event after a quiet spell leaves at once, while a steady stream (a zone's {@code player.moved}, a few each tick)
 * leaves in a few batches a second. Woken for each tick's events, this thread and jnats' writer were each a wake-up
 * per tick, most of the publishing's cost.
 */
public final class NatsEventPublisher implements EventPublisher {
    private static final System.Logger LOG = System.getLogger(NatsEventPublisher.class.getName());
    private static final Object STOP = new Object();
    private static final List<String> DROP_REASONS = List.of("buffer_full", "nats_unavailable", "publish_failed");

    private final NatsConnector nats;
    private final BlockingQueue<Object> buffer;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final MeterRegistry metrics;
    private final Counter published;
    private final ThrottledLog dropLog = new ThrottledLog(LOG, Duration.ofMinutes(1));
    private final Thread worker;
    private final Tracing tracing;
    private final EventIds ids = new EventIds();
    private final long restNanos;
    private volatile boolean stopping;

    private NatsEventPublisher(
            NatsConnector nats, int capacity, Duration rest, MeterRegistry metrics, Tracing tracing, Clock clock) {
        this.nats = nats;
        this.restNanos = rest.toNanos();
        this.tracing = tracing;
        this.buffer = new ArrayBlockingQueue<>(capacity + 1);
        this.metrics = metrics;
        this.clock = clock;
        this.published = metrics.getOrCreate(Counter.builder("events_published").description("Events handed to NATS"));
        // every reason exists from the start at 0, so the first drop is a visible increase (alerts use increase())
        DROP_REASONS.forEach(this::dropCounter);
        this.worker = Thread.ofPlatform().name("event-publisher").daemon(true).unstarted(this::drain);
    }

    /**
     * The publisher of the server, configured by {@code events.*} and drained in the {@code DRAIN_EVENTS} phase of
     * the shutdown.
     */
    public static NatsEventPublisher start(Platform platform) {
        Config events = platform.config().get("events");
        NatsEventPublisher publisher = start(
                platform.nats(),
                events.get("buffer-size").asInt().get(),
                events.get("send-interval").as(Duration.class).get(),
                platform.metrics(),
                platform.tracing());
        Duration drain = events.get("drain-timeout").as(Duration.class).get();
        platform.shutdown().register(ShutdownPhase.DRAIN_EVENTS, "event-publisher", () -> publisher.drain(drain));
        return publisher;
    }

    /** @param capacity events held while waiting to be sent ({@code events.buffer-size}) */
    public static NatsEventPublisher start(NatsConnector nats, int capacity, MeterRegistry metrics) {
        return start(nats, capacity, Duration.ZERO, metrics, Tracing.off());
    }

    /**
     * @param rest how long the thread rests after sending a batch ({@code events.send-interval})
     * @param tracing a publish made while a request is traced gets a producer span and carries its traceparent
     */
    public static NatsEventPublisher start(
            NatsConnector nats, int capacity, Duration rest, MeterRegistry metrics, Tracing tracing) {
        NatsEventPublisher publisher =
                new NatsEventPublisher(nats, capacity, rest, metrics, tracing, Clock.systemUTC());
        publisher.worker.start();
        return publisher;
    }

    @Override
    public void publish(String type, Object data) {
        // remainingCapacity keeps one slot free for STOP, so shutdown can always be signalled
        // the publishing request's trace goes with the event to the worker thread (Context.root(): untraced)
        Context trace = tracing.enabled() && Tracing.inSpan() ? Context.current() : Context.root();
        if (buffer.remainingCapacity() <= 1 || !buffer.offer(new Pending(type, data, clock.instant(), trace))) {
            dropped(type, "buffer_full");
        }
    }

    private void drain() {
        List<Object> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(buffer.take());
                buffer.drainTo(batch);
                for (Object next : batch) {
                    if (next == STOP) {
                        return;
                    }
                    send((Pending) next);
                }
                batch.clear();
                if (restNanos > 0 && !stopping) {
                    LockSupport.parkNanos(this, restNanos);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Pending pending) {
        Instant at = pending.occurredAt();
        Envelope envelope =
                new Envelope(ids.next(at.toEpochMilli()).toString(), pending.type(), at.toString(), pending.data());
        Optional<Connection> connection = nats.connection().filter(c -> c.getStatus() == Connection.Status.CONNECTED);
        if (connection.isEmpty()) {
            // jnats would buffer while reconnecting; an event that old is worth less than a bounded memory footprint
            dropped(envelope.type(), "nats_unavailable");
            return;
        }
        String subject = nats.subjectPrefix() + "." + envelope.type();
        if (pending.trace() == Context.root()) {
            publish(connection.get(), subject, null, envelope);
            return;
        }
        Span span = tracing.tracer()
                .spanBuilder(subject + " publish")
                .setParent(pending.trace())
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "nats")
                .setAttribute("messaging.destination.name", subject)
                .startSpan();
        try {
            Headers headers = new Headers();
            tracing.propagator().inject(pending.trace().with(span), headers, (h, key, value) -> h.put(key, value));
            if (!publish(connection.get(), subject, headers, envelope)) {
                span.setStatus(StatusCode.ERROR, "publish_failed");
            }
        } finally {
            span.end();
        }
    }

    /** @param headers the trace context, or null for none */
    private boolean publish(Connection connection, String subject, Headers headers, Envelope envelope) {
        try {
            byte[] body = json.writeValueAsBytes(envelope);
            if (headers == null) {
                connection.publish(subject, body);
            } else {
                connection.publish(subject, headers, body);
            }
            published.increment();
            return true;
        } catch (Exception e) {
            dropped(envelope.type(), "publish_failed");
            return false;
        }
    }

    /** An event waiting for the worker, with the trace of the request that published it. */
    private record Pending(String type, Object data, Instant occurredAt, Context trace) {}

    private void dropped(String type, String reason) {
        dropCounter(reason).increment();
        dropLog.warn("event=event_dropped type=" + type + " reason=" + reason);
    }

    private Counter dropCounter(String reason) {
        return metrics.getOrCreate(Counter.builder("events_dropped")
                .description("Events not sent to NATS, by reason")
                .tags(List.of(Tag.create("reason", reason))));
    }

    /** Shutdown (phase DRAIN_EVENTS): sends what is buffered, up to {@code timeout}, then flushes the connection. */
    public void drain(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        stopping = true;
        LockSupport.unpark(worker);
        if (buffer.offer(STOP, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            worker.join(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
        nats.connection()
                .filter(c -> c.getStatus() == Connection.Status.CONNECTED)
                .ifPresent(c -> {
                    try {
                        c.flush(Duration.ofMillis(500));
                    } catch (Exception e) {
                        LOG.log(
                                Level.WARNING,
                                "event=event_flush_failed error=" + KeyValueFormatter.quote(e.getMessage()));
                    }
                });
    }
}
