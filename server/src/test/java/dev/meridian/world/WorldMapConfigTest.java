package dev.meridian.world;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.Main;
import dev.meridian.world.domain.Portal;
import dev.meridian.world.domain.WorldMap;
import dev.meridian.world.domain.ZoneDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The map as configuration: the shipped one, settings from before the map, and maps refused at start. */
class WorldMapConfigTest {

    private static WorldMap read(Map<String, String> overrides) {
        return WorldMapConfig.read(Main.config(overrides));
    }

    @Test
    void theShippedMapLinksAtLeastFourZonesByPortalsAndStartsInTheDefaultZone() {
        WorldMap map = read(Map.of());
        assertThat(map.zones().size(), greaterThanOrEqualTo(4));
        assertThat(map.defaultZone(), is("starter"));
        Set<String> reached = new HashSet<>();
        ArrayDeque<String> next = new ArrayDeque<>(List.of(map.defaultZone()));
        while (!next.isEmpty()) {
            String zone = next.poll();
            if (reached.add(zone)) {
                map.zone(zone).orElseThrow().portals().forEach(portal -> next.add(portal.toZone()));
            }
        }
        assertThat(
                "every zone can be walked to from the default zone",
                reached.size(),
                is(map.zones().size()));
    }

    @Test
    void singleZoneSettingsFromBeforeTheMapStillMakeTheirZone() {
        WorldMap map = read(Map.of(
                "world.default-zone", "arena",
                "world.zone.width", "300",
                "world.zone.height", "200"));
        ZoneDefinition arena = map.zone("arena").orElseThrow();
        assertThat(arena.width(), is(300));
        assertThat(arena.height(), is(200));
        assertThat(arena.portals(), is(empty()));
        assertThat(
                "the spawn clamped into the zone, as positions always were",
                arena.spawn().x(),
                is(300.0));
        assertThat(map.defaultZone(), is("arena"));
    }

    @Test
    void aPortalIntoAZoneNotOnTheMapStopsTheStartWithItsReason() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> read(Map.of("world.map.zones.0.portals.0.to.zone", "atlantis")));
        assertThat(
                refused.getMessage(),
                is("the world map (world.map.zones) is not valid: portal 0 of zone 'starter' leads to unknown zone"
                        + " 'atlantis'"));
    }

    @Test
    void aMissingValueIsNamedWithItsPlaceInTheMap() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> read(Map.of("world.map.zones.0.id", "")));
        assertThat(refused.getMessage(), org.hamcrest.Matchers.containsString("zone id '' must be"));
    }

    /** docs/world.md shows the shipped map as a table; it must be the map application.yaml ships. */
    @Test
    void docsWorldShowsTheShippedMap() throws IOException {
        List<String> docs = Files.readAllLines(repositoryRoot().resolve("docs/world.md"));
        WorldMap map = read(Map.of());
        List<String> missing = map.zones().stream()
                .map(WorldMapConfigTest::row)
                .filter(row -> !docs.contains(row))
                .toList();
        assertThat("rows of docs/world.md's map table", missing, is(empty()));
    }

    private static String row(ZoneDefinition zone) {
        String portals = zone.portals().stream().map(WorldMapConfigTest::portal).collect(Collectors.joining("; "));
        return "| `" + zone.id() + "` | " + zone.width() + " × " + zone.height() + " | ("
                + number(zone.spawn().x()) + ", " + number(zone.spawn().y()) + ") | " + portals + " |";
    }

    private static String portal(Portal portal) {
        return "x " + number(portal.area().x()) + ".."
                + number(portal.area().x() + portal.area().width()) + ", y "
                + number(portal.area().y()) + ".."
                + number(portal.area().y() + portal.area().height()) + " → `"
                + portal.toZone() + "` (" + number(portal.to().x()) + ", "
                + number(portal.to().y()) + ")";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root above " + Path.of("").toAbsolutePath());
    }
}
