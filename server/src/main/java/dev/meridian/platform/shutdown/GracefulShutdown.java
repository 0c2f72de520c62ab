package dev.meridian.platform.shutdown;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs registered shutdown steps once, in {@link ShutdownPhase} order (registration order within a phase), all of them
 * bounded by one overall deadline (each step still gets a short minimum once it has passed). A step that fails or
 * overruns is logged and abandoned; the next step still runs, because leaving the database pool open is worse than a
 * late flush.
 */
public final class GracefulShutdown {
    private static final System.Logger LOG = System.getLogger(GracefulShutdown.class.getName());
    /** Even past the deadline each step gets this long, so the closing steps (pools) still run. */
    private static final long MIN_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Duration deadline;
    private final List<Step> steps = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();

    public GracefulShutdown(Duration deadline) {
        this.deadline = deadline;
    }

    public Duration deadline() {
        return deadline;
    }

    public void register(ShutdownPhase phase, String name, Action action) {
        steps.add(new Step(phase, name, action, steps.size()));
    }

    /**
     * Runs every step once; later calls return at once with an empty report.
     *
     * @return what happened to each step, in the order they ran
     */
    public List<StepResult> run() {
        if (!started.compareAndSet(false, true)) {
            return List.of();
        }
        long end = System.nanoTime() + deadline.toNanos();
        List<Step> ordered = new ArrayList<>(steps);
        ordered.sort(Comparator.comparing(Step::phase).thenComparingInt(Step::order));
        List<StepResult> results = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Step step : ordered) {
                results.add(runStep(
                        executor.submit(() -> {
                            step.action().run();
                            return null;
                        }),
                        step,
                        end));
            }
        }
        return results;
    }

    private static StepResult runStep(Future<?> future, Step step, long end) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            future.get(Math.max(MIN_STEP_NANOS, end - started), TimeUnit.NANOSECONDS);
            outcome = Outcome.DONE;
        } catch (TimeoutException e) {
            future.cancel(true);
            outcome = Outcome.TIMED_OUT;
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "event=shutdown_step_failed step=" + step.name(), e.getCause());
            outcome = Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.FAILED;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.log(
                Level.INFO,
                "event=shutdown_step phase=" + step.phase() + " step=" + step.name() + " outcome=" + outcome + " ms="
                        + millis);
        return new StepResult(step.phase(), step.name(), outcome);
    }

    /** A shutdown action; may block, may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    public enum Outcome {
        DONE,
        FAILED,
        TIMED_OUT
    }

    public record StepResult(ShutdownPhase phase, String name, Outcome outcome) {}

    private record Step(ShutdownPhase phase, String name, Action action, int order) {}
}
