package dev.meridian.platform.shutdown;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void stepsRunInPhaseOrderWhateverTheRegistrationOrder() {
        List<String> ran = new CopyOnWriteArrayList<>();
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(5));
        shutdown.register(ShutdownPhase.CLOSE_DATABASE, "db-pool", () -> ran.add("db-pool"));
        shutdown.register(ShutdownPhase.FLUSH_STATE, "flush-player-state", () -> ran.add("flush-player-state"));
        shutdown.register(ShutdownPhase.STOP_ACCEPTING, "readiness-down", () -> ran.add("readiness-down"));
        shutdown.register(ShutdownPhase.CLOSE_CLIENTS, "redis", () -> ran.add("redis"));
        shutdown.register(ShutdownPhase.STOP_ENGINES, "zones", () -> ran.add("zones"));
        shutdown.register(ShutdownPhase.CLOSE_CLIENTS, "nats", () -> ran.add("nats"));

        shutdown.run();

        assertThat(ran, contains("readiness-down", "zones", "flush-player-state", "redis", "nats", "db-pool"));
    }

    @Test
    void aFailingOrHangingStepDoesNotStopTheLaterOnesAndTheDeadlineBoundsTheWhole() {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofMillis(300));
        shutdown.register(ShutdownPhase.FLUSH_STATE, "hangs", never::await);
        shutdown.register(ShutdownPhase.STOP_ENGINES, "fails", () -> {
            throw new IllegalStateException("boom");
        });
        shutdown.register(ShutdownPhase.CLOSE_DATABASE, "db-pool", () -> ran.add("db-pool"));

        List<GracefulShutdown.StepResult> results = shutdown.run();

        assertThat(
                results.stream().map(GracefulShutdown.StepResult::outcome).toList(),
                contains(
                        GracefulShutdown.Outcome.FAILED,
                        GracefulShutdown.Outcome.TIMED_OUT,
                        GracefulShutdown.Outcome.DONE));
        assertThat(ran, contains("db-pool"));
    }

    @Test
    void runsOnlyOnce() {
        List<String> ran = new CopyOnWriteArrayList<>();
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(1));
        shutdown.register(ShutdownPhase.CLOSE_DATABASE, "db-pool", () -> ran.add("db-pool"));

        shutdown.run();

        assertThat(shutdown.run(), is(empty()));
        assertThat(ran, contains("db-pool"));
    }
}
