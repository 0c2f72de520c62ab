package dev.meridian.world.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/** A zone is overloaded while a share of its last ticks overran, not after one slow tick; each zone on its own. */
class TickOverrunsTest {
    private static final long SLOW = 80_000_000L;
    private static final long FAST = 5_000_000L;

    @Test
    void overloadedWhileHalfTheWindowOverranAndNoLongerOnceItKeepsItsBudget() {
        TickOverruns overruns = new TickOverruns(10, 0.5);
        overruns.tick("starter", SLOW, true);
        for (int i = 0; i < 9; i++) {
            overruns.tick("starter", FAST, false);
        }
        assertThat("one slow tick is no overload", overruns.overloaded("starter"), is(false));
        for (int i = 0; i < 4; i++) { // the first of them takes the place of the first slow tick
            overruns.tick("starter", SLOW, true);
        }
        assertThat("4 of the last 10 overran", overruns.overloaded("starter"), is(false));
        overruns.tick("starter", SLOW, true);
        assertThat("5 of the last 10 overran", overruns.overloaded("starter"), is(true));
        assertThat("another zone is judged by its own ticks", overruns.overloaded("harbour"), is(false));
        for (int i = 0; i < 5; i++) {
            overruns.tick("starter", FAST, false);
        }
        assertThat("still 5 slow ticks in the window", overruns.overloaded("starter"), is(true));
        overruns.tick("starter", FAST, false);
        assertThat("the oldest slow tick left the window", overruns.overloaded("starter"), is(false));
    }

    @Test
    void aZoneNeverTickedIsNotOverloaded() {
        assertThat(new TickOverruns(100, 0.5).overloaded("starter"), is(false));
    }
}
