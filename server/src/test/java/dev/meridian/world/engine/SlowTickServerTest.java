package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.testing.LogRecords;
import dev.meridian.world.domain.PlayerCharacter;
import java.time.Duration;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * A tick over its budget is logged with its breakdown, by the real tick loop on its own thread: a viewer that takes
 * longer than the tick period makes every tick slow, and the time shows up under {@code views_ms}.
 */
class SlowTickServerTest {
    /** 10 Hz: a budget of 100 ms per tick. */
    private static final ZoneSettings TEN_HZ =
            new ZoneSettings("slow", 100, 100, 10, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void aTickOverItsBudgetIsLoggedWithWhereItsTimeWent() throws Exception {
        Zone zone = new Zone(TEN_HZ, positions -> {}, ZoneEvents.none());
        zone.submit(new Command.Join(
                new Sluggish(), new PlayerCharacter(CharacterId.random(), AccountId.random(), "snail", "slow", 5, 5)));
        try (LogRecords logs = LogRecords.capture()) {
            TickLoop loop = new TickLoop(zone, new ZoneObserver() {
                        @Override
                        public void tick(String name, long nanos, boolean overrun) {}

                        @Override
                        public void tickFailed(String name, Throwable error) {}
                    })
                    .start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (logs.count("event=slow_tick") == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                loop.stop();
            }
            LogRecord slow = logs.records().stream()
                    .filter(r -> r.getMessage().contains("event=slow_tick"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no slow_tick line; logged: " + logs.describe()));
            assertThat(slow.getMessage(), containsString("zone=slow"));
            assertThat(slow.getMessage(), containsString("budget_ms=100.00"));
            assertThat(slow.getMessage(), containsString("players=1"));
            String views = slow.getMessage().replaceAll(".*views_ms=([0-9.]+).*", "$1");
            assertThat("views_ms " + views, Double.parseDouble(views) >= 150, is(true));
        }
    }

    /** Takes 150 ms over each view: longer than the whole tick may. */
    private static final class Sluggish implements Viewer {
        @Override
        public void welcome(Welcome welcome) {}

        @Override
        public void view(ViewUpdate update) {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void replaced() {}

        @Override
        public boolean takeFullRequest() {
            return false;
        }

        @Override
        public void commandDrained() {}

        @Override
        public void movedTo(Zone zone) {}

        @Override
        public void zoneChanged(ZoneChange change) {}

        @Override
        public void zoneUnavailable(String zone, java.time.Duration retryAfter) {}

        @Override
        public void resumeRefused() {}
    }
}
