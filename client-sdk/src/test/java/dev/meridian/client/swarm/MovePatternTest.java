package dev.meridian.client.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MovePatternTest {
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void crowdBotsFarFromTheCentreWalkStraightToIt() {
        MovePattern crowd = new MovePattern(MovePattern.Kind.CROWD);
        MovePattern.Direction direction = crowd.next(100, 50, 100, 100, new MovePattern.Heading(), random);
        assertEquals(-1, direction.dx(), 1e-9);
        assertEquals(0, direction.dy(), 1e-9);
    }

    /** A bot walking a unit per move ends up, and stays, near the centre: all crowd bots see each other. */
    @Test
    void crowdBotsStayNearTheCentre() {
        MovePattern crowd = new MovePattern(MovePattern.Kind.CROWD);
        double x = 10;
        double y = 90;
        for (int step = 0; step < 1000; step++) {
            MovePattern.Direction direction = crowd.next(x, y, 100, 100, new MovePattern.Heading(), random);
            x += direction.dx();
            y += direction.dy();
        }
        assertTrue(Math.hypot(x - 50, y - 50) <= MovePattern.CROWD_RADIUS + 1, "at " + x + "," + y);
    }

    /** Bots starting together at the spawn point end up over the whole zone, and never outside it. */
    @Test
    void spreadBotsCoverTheZoneAndNeverLeaveIt() {
        MovePattern spread = new MovePattern(MovePattern.Kind.SPREAD);
        int[] quadrants = new int[4];
        for (int bot = 0; bot < 40; bot++) {
            MovePattern.Heading heading = new MovePattern.Heading();
            double x = 100;
            double y = 50;
            for (int step = 0; step < 2_000; step++) {
                MovePattern.Direction direction = spread.next(x, y, 200, 100, heading, random);
                x += direction.dx();
                y += direction.dy();
                assertTrue(x > 0 && x < 200 && y > 0 && y < 100, "left the zone at " + x + "," + y);
            }
            quadrants[(x < 100 ? 0 : 1) + (y < 50 ? 0 : 2)]++;
        }
        for (int quadrant : quadrants) {
            assertTrue(quadrant >= 4, "bots per quadrant: " + Arrays.toString(quadrants));
        }
    }
}
