package dev.meridian.world.persistence;

import dev.meridian.character.app.CharacterPositions;
import dev.meridian.character.domain.CharacterPosition;
import dev.meridian.character.domain.FencedPosition;
import dev.meridian.platform.logging.ThrottledLog;
import dev.meridian.world.cluster.ZoneEpochs;
import dev.meridian.world.engine.PositionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.ObjIntConsumer;

/**
 * The position writes of a node of a cluster: each carries the epoch of the lease its zone is held by here
 * (docs/architecture.md, "Fencing"). A position of a zone this node does not hold now is not written ({@code
 * not_owned}); Postgres refuses one whose zone a newer lease has fenced ({@code stale_epoch}). Neither is retried:
 * the zone's current owner has the newer positions. Both are counted and logged.
 */
public final class FencedPositionStore implements PositionStore {
    private static final System.Logger LOG = System.getLogger(FencedPositionStore.class.getName());

    private final CharacterPositions characters;
    private final ZoneEpochs epochs;
    private final ObjIntConsumer<String> refused;
    /** A stopped zone's positions may keep coming for a tick or two: one line per kind every ten seconds. */
    private final ThrottledLog notOwnedLog = new ThrottledLog(LOG, Duration.ofSeconds(10));

    private final ThrottledLog staleLog = new ThrottledLog(LOG, Duration.ofSeconds(10));

    /** @param refused counts refused positions by reason (a metric) */
    public FencedPositionStore(CharacterPositions characters, ZoneEpochs epochs, ObjIntConsumer<String> refused) {
        this.characters = characters;
        this.epochs = epochs;
        this.refused = refused;
    }

    /** Fenced by the zone the character leaves: the crossing is that zone's owner's last write of the row. */
    @Override
    public boolean saveCrossing(CharacterPosition position, String fromZone) {
        OptionalLong epoch = epochs.epoch(fromZone);
        if (epoch.isEmpty()) {
            refused.accept("not_owned", 1);
            notOwnedLog.warn("event=position_writes_refused reason=not_owned positions=1 zones=" + fromZone);
            return false;
        }
        List<FencedPosition> stale =
                characters.saveFenced(List.of(new FencedPosition(position, fromZone, epoch.getAsLong())));
        if (!stale.isEmpty()) {
            refused.accept("stale_epoch", 1);
            staleLog.warn("event=position_writes_refused reason=stale_epoch positions=1 zones=" + fromZone + "@"
                    + epoch.getAsLong());
            return false;
        }
        return true;
    }

    @Override
    public void save(Collection<CharacterPosition> positions) {
        List<FencedPosition> fenced = new ArrayList<>(positions.size());
        TreeSet<String> notOwned = new TreeSet<>();
        int dropped = 0;
        for (CharacterPosition position : positions) {
            OptionalLong epoch = epochs.epoch(position.zone());
            if (epoch.isPresent()) {
                fenced.add(new FencedPosition(position, epoch.getAsLong()));
            } else {
                notOwned.add(position.zone());
                dropped++;
            }
        }
        if (dropped > 0) {
            refused.accept("not_owned", dropped);
            notOwnedLog.warn("event=position_writes_refused reason=not_owned positions=" + dropped + " zones="
                    + String.join(",", notOwned));
        }
        List<FencedPosition> stale = characters.saveFenced(fenced);
        if (!stale.isEmpty()) {
            refused.accept("stale_epoch", stale.size());
            TreeSet<String> zones = new TreeSet<>();
            stale.forEach(position -> zones.add(position.fencedBy() + "@" + position.epoch()));
            staleLog.warn("event=position_writes_refused reason=stale_epoch positions=" + stale.size() + " zones="
                    + String.join(",", zones));
        }
    }
}
