package dev.meridian.world;

import dev.meridian.proto.world.v1.EntityEnter;
import dev.meridian.proto.world.v1.Snapshot;
import java.util.HashMap;
import java.util.Map;

/** A client's view rebuilt from binary snapshots by the rule of docs/protocol.md. Positions in fixed point. */
public final class ProtoView {
    public final Map<Integer, int[]> entities = new HashMap<>();
    public final Map<Integer, String> names = new HashMap<>();

    public void apply(Snapshot snapshot) {
        if (snapshot.getFull()) {
            entities.clear();
        }
        for (EntityEnter entered : snapshot.getEnteredList()) {
            entities.put(entered.getId(), new int[] {entered.getX(), entered.getY()});
            names.put(entered.getId(), entered.getName());
        }
        for (int i = 0; i + 2 < snapshot.getMovedCount(); i += 3) {
            int[] position = entities.get(snapshot.getMoved(i));
            if (position == null) {
                throw new IllegalStateException("moved an unknown entity " + snapshot.getMoved(i));
            }
            position[0] += snapshot.getMoved(i + 1);
            position[1] += snapshot.getMoved(i + 2);
        }
        snapshot.getLeftList().forEach(entities::remove);
    }

    public boolean sees(String name) {
        return entities.keySet().stream().anyMatch(id -> name.equals(names.get(id)));
    }
}
