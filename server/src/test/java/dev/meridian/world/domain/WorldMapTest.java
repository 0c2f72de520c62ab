package dev.meridian.world.domain;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A map that contradicts itself is refused, with a message that says where. */
class WorldMapTest {

    private static ZoneDefinition zone(String id, int size, Portal... portals) {
        return new ZoneDefinition(id, size, size, new Point(size / 2.0, size / 2.0), List.of(portals));
    }

    private static Portal portal(double x, double y, String to, double toX, double toY) {
        return new Portal(new Area(x, y, 10, 10), to, new Point(toX, toY));
    }

    private static String refusal(Runnable build) {
        return assertThrows(IllegalArgumentException.class, build::run).getMessage();
    }

    @Test
    void twoZonesLinkedBothWaysMakeAMap() {
        WorldMap map = new WorldMap(
                List.of(zone("a", 100, portal(90, 0, "b", 5, 5)), zone("b", 50, portal(0, 0, "a", 80, 5))), "a");
        assertThat(map.zone("b").orElseThrow().width(), is(50));
        assertThat(map.defaultZoneDefinition().id(), is("a"));
    }

    @Test
    void aPortalToAZoneNotOnTheMapIsRefused() {
        assertThat(
                refusal(() -> new WorldMap(List.of(zone("a", 100, portal(0, 0, "nowhere", 1, 1))), "a")),
                is("portal 0 of zone 'a' leads to unknown zone 'nowhere'"));
    }

    @Test
    void aPortalOutsideItsZoneIsRefused() {
        assertThat(
                refusal(() -> zone("a", 100, portal(95, 50, "a", 1, 1))),
                is("portal 0 of zone 'a' (x 95.0..105.0, y 50.0..60.0) lies outside the zone (100 x 100)"));
    }

    @Test
    void aTargetPointOutsideTheTargetZoneIsRefused() {
        assertThat(
                refusal(() -> new WorldMap(List.of(zone("a", 100, portal(0, 0, "b", 60, 10)), zone("b", 50)), "a")),
                is("portal 0 of zone 'a' leads to (60.0, 10.0), outside zone 'b' (50 x 50)"));
    }

    @Test
    void aZoneDefinedTwiceIsRefused() {
        assertThat(
                refusal(() -> new WorldMap(List.of(zone("a", 100), zone("a", 50)), "a")),
                is("zone 'a' is defined twice"));
    }

    @Test
    void theDefaultZoneMustBeOnTheMap() {
        assertThat(
                refusal(() -> new WorldMap(List.of(zone("a", 100)), "b")),
                is("the default zone 'b' is not on the map"));
    }

    @Test
    void zoneIdsSizesAndSpawnPointsAreChecked() {
        assertThat(refusal(() -> zone("the forest", 100)), containsString("zone id 'the forest' must be"));
        assertThat(refusal(() -> zone("a", 0)), containsString("its size must be within 1..100000"));
        assertThat(
                refusal(() -> new ZoneDefinition("a", 100, 100, new Point(101, 5), List.of())),
                is("the spawn point (101.0, 5.0) of zone 'a' lies outside it (100 x 100)"));
        assertThat(refusal(() -> new Area(0, 0, 0, 5)), is("an area needs a positive width and height"));
    }
}
