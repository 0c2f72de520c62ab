package dev.meridian.world.net;

import dev.meridian.world.engine.Cell;
import dev.meridian.world.engine.Entity;
import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.ZoneSettings;
import java.util.Arrays;

/**
 * The JSON mode's full snapshots for one zone, used by one thread (the zone's tick thread or one of its fan-out helpers). Each cell's entity list is
 * written once per tick and joined per viewer. Names are restricted to {@code [A-Za-z0-9_-]} by the schema and
 * everything else is a number, so no escaping is needed.
 */
final class JsonSnapshotEncoder {
    private String[] cellJson = new String[0];
    private boolean[] cellMoved = new boolean[0];
    private long[] cellTick = new long[0];
    private final StringBuilder cell = new StringBuilder(4096);
    private final StringBuilder frame = new StringBuilder(16384);

    /**
     * @return the snapshot text (valid until the next call), or null when nothing in the viewer's view changed this
     *     tick
     */
    CharSequence encode(ViewUpdate update) {
        boolean changed = update.full()
                || update.ackChanged()
                || update.enteredCellCount() > 0
                || update.enteredEntityCount() > 0
                || update.leftCount() > 0;
        for (int i = 0; i < update.viewCellCount(); i++) {
            changed |= prepare(update.viewCell(i), update.tick());
        }
        if (!changed) {
            return null;
        }
        frame.setLength(0);
        frame.append("{\"type\":\"snapshot\",\"tick\":")
                .append(update.tick())
                .append(",\"ack\":")
                .append(Integer.toUnsignedLong(update.ackSeq()))
                .append(",\"entities\":[");
        boolean first = true;
        for (int i = 0; i < update.viewCellCount(); i++) {
            String json = cellJson[update.viewCell(i).index()];
            if (!json.isEmpty()) {
                if (!first) {
                    frame.append(',');
                }
                frame.append(json);
                first = false;
            }
        }
        return frame.append("]}");
    }

    /** Encodes the cell for this tick if not done yet; returns whether any of its entities moved. */
    private boolean prepare(Cell target, long tick) {
        int index = target.index();
        if (index >= cellTick.length) {
            int size = Math.max(index + 1, cellTick.length * 2);
            cellJson = Arrays.copyOf(cellJson, size);
            cellMoved = Arrays.copyOf(cellMoved, size);
            int old = cellTick.length;
            cellTick = Arrays.copyOf(cellTick, size);
            Arrays.fill(cellTick, old, size, -1);
        }
        if (cellTick[index] != tick) {
            cell.setLength(0);
            boolean moved = false;
            for (int i = 0, n = target.size(); i < n; i++) {
                Entity entity = target.member(i);
                moved |= entity.moved();
                if (i > 0) {
                    cell.append(',');
                }
                cell.append("{\"id\":")
                        .append(entity.id())
                        .append(",\"name\":\"")
                        .append(entity.character().name());
                cell.append("\",\"x\":");
                units(cell, entity.x());
                cell.append(",\"y\":");
                units(cell, entity.y());
                cell.append('}');
            }
            cellJson[index] = cell.toString();
            cellMoved[index] = moved;
            cellTick[index] = tick;
        }
        return cellMoved[index];
    }

    /** Fixed point to world units, exactly: 51234 becomes 512.34. */
    static void units(StringBuilder out, int fixed) {
        int whole = fixed / ZoneSettings.POSITION_SCALE;
        int fraction = Math.abs(fixed % ZoneSettings.POSITION_SCALE);
        if (fixed < 0 && whole == 0) {
            out.append('-');
        }
        out.append(whole);
        if (fraction != 0) {
            out.append('.');
            if (fraction < 10) {
                out.append('0');
            }
            out.append(fraction % 10 == 0 ? fraction / 10 : fraction);
        }
    }
}
