package dev.meridian.client.testing;

import dev.meridian.client.CloseReason;
import dev.meridian.client.EntityView;
import dev.meridian.client.WorldEndpoint;
import dev.meridian.client.WorldError;
import dev.meridian.client.WorldListener;
import dev.meridian.client.WorldNotice;
import dev.meridian.client.WorldView;
import dev.meridian.client.WorldWelcome;
import dev.meridian.client.ZoneChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Keeps what a world connection reported, and lets a test wait (boundedly) for what it expects. */
public final class RecordingListener implements WorldListener {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    public final CompletableFuture<WorldWelcome> welcome = new CompletableFuture<>();
    public final List<WorldWelcome> welcomes = new CopyOnWriteArrayList<>();
    /** The first portal crossing. */
    public final CompletableFuture<ZoneChange> zoneChange = new CompletableFuture<>();

    public final CompletableFuture<CloseReason> finalClose = new CompletableFuture<>();
    public final CompletableFuture<Long> firstPong = new CompletableFuture<>();
    public final List<WorldError> errors = new CopyOnWriteArrayList<>();
    public final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    /** Where each followed redirect led. */
    public final List<WorldEndpoint> redirects = new CopyOnWriteArrayList<>();

    public final CompletableFuture<WorldNotice> notice = new CompletableFuture<>();
    public final AtomicLong inputAcks = new AtomicLong();
    private volatile Map<Integer, EntityView> view = Map.of();
    private volatile long ackSeq;

    @Override
    public void onWelcome(WorldWelcome welcomed) {
        welcomes.add(welcomed);
        welcome.complete(welcomed);
    }

    @Override
    public void onZoneChanged(ZoneChange change) {
        zoneChange.complete(change);
    }

    @Override
    public void onSnapshot(WorldView snapshot) {
        view = Map.copyOf(snapshot.entities());
        ackSeq = snapshot.ackSeq();
    }

    @Override
    public void onRedirect(String zone, WorldEndpoint to) {
        redirects.add(to);
    }

    @Override
    public void onError(WorldError error) {
        errors.add(error);
    }

    @Override
    public void onNotice(WorldNotice received) {
        notice.complete(received);
    }

    @Override
    public void onClose(CloseReason reason) {
        closes.add(reason);
        if (!reason.reconnecting()) {
            finalClose.complete(reason);
        }
    }

    @Override
    public void onInputAck(int seq, long latencyNanos) {
        inputAcks.incrementAndGet();
    }

    @Override
    public void onPong(long rttNanos) {
        firstPong.complete(rttNanos);
    }

    public Map<Integer, EntityView> view() {
        return view;
    }

    public long ackSeq() {
        return ackSeq;
    }

    /** Waits until the view satisfies {@code condition}; returns it, or fails the test with the last view seen. */
    public Map<Integer, EntityView> awaitView(String what, Predicate<Map<Integer, EntityView>> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.test(view)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never saw " + what + "; last view " + view + ", closes " + closes);
            }
            pause();
        }
        return view;
    }

    /** Waits until {@code condition} holds; fails the test with {@code what} otherwise. */
    public static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never saw " + what);
            }
            pause();
        }
    }

    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("nothing within " + PATIENCE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
