package dev.meridian.client.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ZoneTicksTest {
    @Test
    void theBusiestOfTheZonesThisServerRuns() {
        String zones = """
                {"zones":[
                  {"id":"starter","owner":"a","players":1997,"tick_p99_ms":8.418573},
                  {"id":"forest","owner":"b","players":null,"tick_p99_ms":null},
                  {"id":"caves","owner":"a","players":3,"tick_p99_ms":0.11}
                ]}
                """;
        assertEquals(8.418573, ZoneTicks.parseP99(zones).orElseThrow(), 1e-9);
    }

    @Test
    void noFigureFromAServerThatRunsNoZoneOrDoesNotAnswer() {
        assertTrue(ZoneTicks.parseP99("{\"zones\":[{\"id\":\"starter\",\"tick_p99_ms\":null}]}")
                .isEmpty());
        assertTrue(ZoneTicks.parseP99("not json").isEmpty());
        assertEquals(OptionalDouble.empty(), ZoneTicks.scrapeP99("http://127.0.0.1:9"));
    }
}
