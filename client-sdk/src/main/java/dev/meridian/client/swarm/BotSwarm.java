package dev.meridian.client.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.client.ClientResources;
import dev.meridian.client.MeridianClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot swarm: many simulated players against one server, then one JSON report on stdout.
 *
 * <p>Phases: prepare accounts and characters (a few at a time, reusing accounts of earlier runs), connect the bots at
 * the ramp rate, warm up, measure for the window, leave. Everything runs on a handful of threads: the shared SDK I/O
 * threads, one driver thread that sends every bot's moves, and the main thread that paces and reports.
 */
public final class BotSwarm {
    /** How long after the last bot was asked to connect the swarm waits for the stragglers' welcomes. */
    private static final Duration JOIN_GRACE = Duration.ofSeconds(10);
    /** How often the driver sends the moves that are due. */
    private static final Duration BATCH = Duration.ofMillis(10);
    /** Aligned bots move this long after a snapshot arrived: early in the next tick's window. */
    private static final Duration TICK_LEAD = Duration.ofMillis(5);
    /** How the server's JIT activity is judged while settling, and what counts as quiet: a sliver of one core. */
    private static final Duration JIT_STEP = Duration.ofSeconds(10);

    private static final double JIT_QUIET_PERCENT = 0.5;
    /** How long one check of the aligned bursts counts frames, how far a shift moves them, how many shifts at most. */
    private static final Duration BURST_CHECK = Duration.ofSeconds(3);

    private static final Duration PHASE_SHIFT = Duration.ofMillis(10);
    private static final int MAX_PHASE_SHIFTS = 4;

    private final SwarmOptions options;
    private final PrintStream progress;
    private final SwarmMetrics metrics = new SwarmMetrics();
    private final List<Bot> bots = new ArrayList<>();
    private volatile String phase = "setup";
    private volatile Totals lastTotals = Totals.ZERO;
    private volatile long lastProgressNanos = System.nanoTime();

    private BotSwarm(SwarmOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** {@code client-sdk/swarm --help} lists the options; exit status 2 for options it cannot run with. */
    public static void main(String[] args) {
        int status = SwarmCommand.commandLine().execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a whole swarm and returns its report; progress lines go to {@code progress}. */
    public static ObjectNode run(SwarmOptions options, PrintStream progress) {
        return new BotSwarm(options, progress).run();
    }

    private ObjectNode run() {
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "swarm-driver");
            thread.setDaemon(true);
            return thread;
        });
        try (ClientResources resources = ClientResources.create(options.ioThreads())) {
            MovePattern pattern = new MovePattern(options.pattern());
            for (int i = 0; i < options.bots(); i++) {
                MeridianClient client = MeridianClient.builder(options.server())
                        .resources(resources)
                        .requestTimeout(Duration.ofSeconds(30))
                        .build();
                bots.add(new Bot(i, options, client, metrics, pattern, i == 0));
            }
            ScheduledFuture<?> reporter = driver.scheduleAtFixedRate(this::printProgress, 1, 1, TimeUnit.SECONDS);
            prepare();
            ScheduledFuture<?> movers = driver.scheduleAtFixedRate(
                    this::moveDueBots, BATCH.toNanos(), BATCH.toNanos(), TimeUnit.NANOSECONDS);
            ramp();
            phase = "warmup";
            long warmupEnd = System.nanoTime() + options.warmup().toNanos();
            int phaseShifts = 0;
            if (options.phase() == MovePhase.ALIGNED) {
                alignWithTicks(driver);
                phaseShifts = keepBurstsInOneTick(driver, warmupEnd);
            }
            // the window starts and ends with a scrape of the server's metrics: scraping once now lets the server
            // compile that path during the warm-up, so its JIT work is not charged to the measured window
            ServerMetrics.scrape(options.server());
            sleep(Duration.ofNanos(Math.max(0, warmupEnd - System.nanoTime())));
            double settled = settleJit();
            Window window = measure(settled, phaseShifts);
            phase = "stopping";
            movers.cancel(false);
            reporter.cancel(false);
            int observed = bots.getFirst().viewSize();
            bots.forEach(Bot::stop);
            // leave messages and close frames are written asynchronously; give them a moment before the threads go
            sleep(Duration.ofMillis(500));
            return SwarmReport.build(options, metrics, window, observed);
        } finally {
            driver.shutdownNow();
        }
    }

    /** Accounts and characters, {@code setupConcurrency} at a time, within the setup timeout. */
    private void prepare() {
        BotAccounts accounts = new BotAccounts(options.password());
        Semaphore slots = new Semaphore(options.setupConcurrency());
        long deadline = System.nanoTime() + options.setupTimeout().toNanos();
        AtomicInteger finished = new AtomicInteger();
        for (Bot bot : bots) {
            if (!acquire(slots, deadline)) {
                break;
            }
            accounts.prepare(bot).whenComplete((characterId, failure) -> {
                finished.incrementAndGet();
                if (failure != null) {
                    metrics.error(BotAccounts.apiException(failure).code());
                } else {
                    bot.ready(characterId);
                }
                slots.release();
            });
        }
        // wait for the calls still running
        if (acquireAll(slots, options.setupConcurrency(), deadline)) {
            slots.release(options.setupConcurrency());
        }
        if (accounts.rateLimited() > 0) {
            progress.println("swarm: the server answered 429 to " + accounts.rateLimited() + " logins/registrations;"
                    + " for big swarms raise its auth.rate-limit.ip.capacity and auth.rate-limit.ip.per-minute");
        }
        for (int i = finished.get(); i < bots.size(); i++) {
            metrics.error("setup_timeout");
        }
    }

    /** Connects the prepared bots at the ramp rate; each starts moving once joined, at its phase ({@link MovePhase}). */
    private void ramp() {
        phase = "ramp";
        long periodNanos = movePeriodNanos();
        long start = System.nanoTime();
        int launched = 0;
        for (Bot bot : bots) {
            if (!bot.isReady()) {
                continue;
            }
            long due = start + (long) (launched * 1e9 / options.rampRate());
            sleepNanos(due - System.nanoTime());
            // aligned: the same due time for all; a bot joining later catches up to the shared phase at its first move
            bot.nextMoveNanos = options.phase() == MovePhase.ALIGNED
                    ? start + periodNanos
                    : System.nanoTime() + ThreadLocalRandom.current().nextLong(periodNanos);
            bot.connect(options.transport(), options.pingInterval());
            launched++;
        }
        long deadline = System.nanoTime() + JOIN_GRACE.toNanos();
        while (metrics.joinedEver.get() + metrics.errorCount() < launched && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
        }
    }

    /**
     * Aligned bots move together; where their burst lands relative to the server's ticks decides how many ticks see
     * moves. Started at an arbitrary instant, a burst (a few milliseconds of writes) that straddles a tick boundary
     * does so for the whole run, since both clocks run at fixed rates, and doubles the frames the server sends. So the
     * shared phase starts {@link #TICK_LEAD} after a snapshot arrived (snapshots leave right after a tick), as a game
     * client times its input for the next tick: every burst then lands inside one tick's window.
     */
    private void alignWithTicks(ScheduledExecutorService driver) {
        long snapshot = bots.getFirst().lastSnapshotNanos();
        long deadline = System.nanoTime() + JOIN_GRACE.toNanos();
        while (snapshot == 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(10));
            snapshot = bots.getFirst().lastSnapshotNanos();
        }
        long periodNanos = movePeriodNanos();
        long due = snapshot + TICK_LEAD.toNanos();
        long now = System.nanoTime();
        if (due - now < 0) {
            due += ((now - due) / periodNanos + 1) * periodNanos;
        }
        long shared = due;
        try {
            // nextMoveNanos belongs to the driver thread once bots move
            driver.submit(() -> bots.forEach(bot -> bot.nextMoveNanos = shared)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not align the bots' moves", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Checks, during the warm-up, that the aligned bursts land inside one tick each: then every client gets one frame
     * per burst ({@code --move-rate} frames a second). A burst that straddles a tick boundary shows as up to twice
     * that, and does so for the whole run; at a large crowd the snapshot that {@link #alignWithTicks} timed from can
     * arrive late in its tick. Each such check moves the shared phase on by {@link #PHASE_SHIFT}, at most
     * {@link #MAX_PHASE_SHIFTS} times; returns how many shifts it made.
     */
    private int keepBurstsInOneTick(ScheduledExecutorService driver, long warmupEnd) {
        int shifts = 0;
        double expected = Math.min(options.moveRate(), Math.max(1, metrics.tickRate()));
        while (shifts < MAX_PHASE_SHIFTS && warmupEnd - System.nanoTime() > BURST_CHECK.toNanos()) {
            // the first check waits a period for a shift's old schedule to pass
            sleep(Duration.ofNanos(movePeriodNanos()));
            Totals before = totals();
            long start = System.nanoTime();
            sleep(BURST_CHECK);
            double clients = Math.max(1, metrics.connected.get());
            double framesPerClient =
                    (totals().minus(before).snapshots()) / ((System.nanoTime() - start) / 1e9) / clients;
            if (framesPerClient <= expected * 1.25) {
                break;
            }
            shifts++;
            progress.printf(
                    "swarm: %.1f frames per client/s for %.0f bursts/s: bursts straddle ticks; phase moved on %d ms%n",
                    framesPerClient, expected, PHASE_SHIFT.toMillis());
            try {
                driver.submit(() -> bots.forEach(bot -> bot.nextMoveNanos += PHASE_SHIFT.toNanos()))
                        .get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not move the bots' phase", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return shifts;
    }

    /**
     * Sends the moves that are due (driver thread, every {@link #BATCH}). Sending them in batches rather than from one
     * timer per bot lets each I/O thread wake up once for many writes instead of once per move.
     */
    private void moveDueBots() {
        long now = System.nanoTime();
        long periodNanos = movePeriodNanos();
        for (Bot bot : bots) {
            if (bot.joined() && now - bot.nextMoveNanos >= 0) {
                bot.move();
                // keep the rate; after a stall skip the missed moves rather than send a burst, and keep the bot's own
                // phase: restarting every late bot at "now" would line them all up after one pause of this thread,
                // and a crowd whose moves all land in every other tick is not the load being measured
                bot.nextMoveNanos += ((now - bot.nextMoveNanos) / periodNanos + 1) * periodNanos;
            }
        }
    }

    private long movePeriodNanos() {
        return Math.max(1, (long) (1e9 / options.moveRate()));
    }

    /**
     * With {@code --jit-settle}, warms up longer while the server's JIT compilers are busy, {@link #JIT_STEP} at a time
     * (less for the last step), until a step finds them quiet or the settle time is spent; returns the seconds it
     * added.
     */
    private double settleJit() {
        if (options.jitSettle().isZero() || options.serverPid().isEmpty()) {
            return 0;
        }
        String pid = Long.toString(options.serverPid().getAsLong());
        long start = System.nanoTime();
        long deadline = start + options.jitSettle().toNanos();
        while (System.nanoTime() - deadline < 0) {
            Optional<JitActivity> before = JitActivity.of(pid);
            long stepStart = System.nanoTime();
            sleep(Duration.ofNanos(Math.min(JIT_STEP.toNanos(), deadline - stepStart)));
            Optional<JitActivity> after = JitActivity.of(pid);
            if (before.isEmpty() || after.isEmpty()) {
                break;
            }
            double percent = after.get().cpuPercentSince(before.get(), (System.nanoTime() - stepStart) / 1e9);
            if (percent < JIT_QUIET_PERCENT) {
                break;
            }
            progress.printf("swarm: the server's JIT compilers used %.1f%% of a core; warming up longer%n", percent);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The measured window: counters and /proc samples at both ends, latency histograms reset at the start. */
    private Window measure(double jitSettleSeconds, int phaseShifts) {
        phase = "measure";
        metrics.startWindow();
        Totals before = totals();
        int connectedAtStart = metrics.connected.get();
        // scraped before the CPU samples are taken (and after them at the end): the scrape is the swarm's, not load
        Optional<ServerMetrics> ticksBefore = ServerMetrics.scrape(options.server());
        Optional<ProcessSample> serverBefore = serverSample();
        Optional<ProcessSample> selfBefore = ProcessSample.of("self");
        Optional<JitActivity> jitBefore = serverPid().flatMap(JitActivity::of);
        long start = System.nanoTime();
        sleep(options.duration());
        double seconds = (System.nanoTime() - start) / 1e9;
        // while the bots still play: the zones' last minute of ticks is this window's, if it lasted a minute
        OptionalDouble zonesTickP99 = ZoneTicks.scrapeP99(options.server());
        Optional<JitActivity> jitAfter = serverPid().flatMap(JitActivity::of);
        metrics.collect();
        Totals after = totals();
        OptionalDouble jitPercent = jitBefore.isPresent() && jitAfter.isPresent()
                ? OptionalDouble.of(jitAfter.get().cpuPercentSince(jitBefore.get(), seconds))
                : OptionalDouble.empty();
        return new Window(
                seconds,
                (connectedAtStart + metrics.connected.get()) / 2.0,
                metrics.connected.get(),
                after.minus(before),
                serverBefore,
                serverSample(),
                selfBefore,
                ProcessSample.of("self"),
                ticksBefore,
                ServerMetrics.scrape(options.server()),
                zonesTickP99,
                jitSettleSeconds,
                jitPercent,
                phaseShifts);
    }

    private Optional<ProcessSample> serverSample() {
        return serverPid().flatMap(ProcessSample::of);
    }

    private Optional<String> serverPid() {
        return options.serverPid().isPresent()
                ? Optional.of(Long.toString(options.serverPid().getAsLong()))
                : Optional.empty();
    }

    private Totals totals() {
        Totals sum = Totals.ZERO;
        for (Bot bot : bots) {
            sum = bot.stats().map(Totals::of).map(sum::plus).orElse(sum);
        }
        return sum;
    }

    /** One line a second on stderr: phase, connected/target, messages/s, input→ack p99 so far, errors. */
    private void printProgress() {
        metrics.collect();
        Totals now = totals();
        long nanos = System.nanoTime();
        double seconds = Math.max(1e-3, (nanos - lastProgressNanos) / 1e9);
        Totals delta = now.minus(lastTotals);
        lastTotals = now;
        lastProgressNanos = nanos;
        double p99 = metrics.inputAckWindow().getValueAtPercentile(99) / 1000.0;
        progress.printf(
                "swarm %-8s connected %d/%d  msgs/s %.0f  input->ack p99 %.1f ms  errors %d%n",
                phase, metrics.connected.get(), options.bots(), delta.messages() / seconds, p99, metrics.errorCount());
    }

    private static boolean acquire(Semaphore slots, long deadline) {
        try {
            return slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean acquireAll(Semaphore slots, int permits, long deadline) {
        try {
            return slots.tryAcquire(permits, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        sleepNanos(duration.toNanos());
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
