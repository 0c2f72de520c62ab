package dev.meridian.reliability;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;

/**
 * A small, steady load: a few virtual threads each calling {@code call} in a loop with a pause, every answer recorded
 * with its time, status and latency. Small on purpose: these tests run on a 2-core CI machine beside the build.
 */
final class Load implements AutoCloseable {
    /** One answer; status 0 for an exception (no HTTP answer at all). */
    record Result(long atNanos, int status, long millis) {}

    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    Load(int workerCount, long pauseMillis, IntFunction<HttpResponse<String>> call) {
        for (int i = 0; i < workerCount; i++) {
            int worker = i;
            workers.add(Thread.ofVirtual().name("load-" + i).start(() -> {
                while (running) {
                    long started = System.nanoTime();
                    int status;
                    try {
                        status = call.apply(worker).statusCode();
                    } catch (RuntimeException e) {
                        status = 0;
                    }
                    long now = System.nanoTime();
                    results.add(new Result(now, status, (now - started) / 1_000_000));
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
    }

    List<Result> results() {
        return List.copyOf(results);
    }

    /** Answers that ended in [{@code fromNanos}, {@code toNanos}). */
    List<Result> between(long fromNanos, long toNanos) {
        return results.stream()
                .filter(r -> r.atNanos() >= fromNanos && r.atNanos() < toNanos)
                .toList();
    }

    static long count(List<Result> results, int status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    static long maxMillis(List<Result> results) {
        return results.stream().mapToLong(Result::millis).max().orElse(0);
    }

    static long percentileMillis(List<Result> results, double percentile) {
        long[] sorted = results.stream().mapToLong(Result::millis).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    static String statuses(List<Result> results) {
        StringBuilder text = new StringBuilder();
        results.stream()
                .mapToInt(Result::status)
                .distinct()
                .sorted()
                .forEach(s -> text.append(
                        String.format(Locale.ROOT, "%s%d:%d", text.isEmpty() ? "" : ",", s, count(results, s))));
        return text.toString();
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops the workers and waits for their last calls. */
    void stop() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
