package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import dev.meridian.world.WorldModuleAccess;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The close reasons the world's metrics start at 0 are exactly the reasons a session can end with. */
class CloseReasonCatalogTest {
    @Test
    void everyCloseReasonHasACounterFromTheStart() {
        assertThat(
                WorldModuleAccess.closeReasons(),
                containsInAnyOrder(Arrays.stream(CloseReason.values())
                        .map(CloseReason::code)
                        .toArray()));
    }
}
