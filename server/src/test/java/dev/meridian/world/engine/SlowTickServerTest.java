package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.domain.PlayerCharacter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A tick over its budget is reported with its breakdown (which the server logs, {@code WorldMetricsTest}), by the real
 * tick loop on its own thread: a viewer that takes longer than the tick period makes every tick slow, and the time
 * shows up under {@code views_ms}.
 */
class SlowTickServerTest {
    /** 10 Hz: a budget of 100 ms per tick. */
    private static final ZoneSettings TEN_HZ =
            new ZoneSettings("slow", 100, 100, 10, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void aTickOverItsBudgetIsReportedWithWhereItsTimeWent() throws Exception {
        Zone zone = new Zone(TEN_HZ, positions -> {}, ZoneEvents.none());
        zone.submit(new Command.Join(
                new Sluggish(), new PlayerCharacter(CharacterId.random(), AccountId.random(), "snail", "slow", 5, 5)));
        CompletableFuture<String> slow = new CompletableFuture<>();
        TickLoop loop = new TickLoop(zone, new ZoneObserver() {
                    @Override
                    public void tick(String name, long nanos, boolean overrun) {}

                    @Override
                    public void slowTick(String name, String breakdown) {
                        slow.complete("zone=" + name + " " + breakdown);
                    }

                    @Override
                    public void tickFailed(String name, Throwable error) {}
                })
                .start();
        String reported;
        try {
            reported = slow.get(10, TimeUnit.SECONDS);
        } finally {
            loop.stop();
        }
        assertThat(reported, containsString("zone=slow"));
        assertThat(reported, containsString("budget_ms=100.00"));
        assertThat(reported, containsString("players=1"));
        String views = reported.replaceAll(".*views_ms=([0-9.]+).*", "$1");
        assertThat("views_ms " + views, Double.parseDouble(views) >= 150, is(true));
    }

    /** Takes 150 ms over each view: longer than the whole tick may. */
    private static final class Sluggish extends QuietViewer {

        @Override
        public void view(ViewUpdate update) {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
