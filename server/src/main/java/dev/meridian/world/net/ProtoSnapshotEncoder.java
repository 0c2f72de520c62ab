package dev.meridian.world.net;

import dev.meridian.world.engine.Cell;
import dev.meridian.world.engine.Entity;
import dev.meridian.world.engine.ViewUpdate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Binary snapshots for one zone, used by one thread (the zone's tick thread or one of its fan-out helpers). The parts every viewer of a cell shares
 * (its movements, its entities as "entered" records) are encoded at most once per tick and then copied into each
 * viewer's frame; a viewer's own work is a header, a left list and one array copy per fragment.
 */
final class ProtoSnapshotEncoder {
    private static final int SERVER_MESSAGE_SNAPSHOT = ProtoWriter.tag(2, ProtoWriter.LENGTH_DELIMITED);
    private static final int SNAPSHOT_TICK = ProtoWriter.tag(1, ProtoWriter.VARINT);
    private static final int SNAPSHOT_ACK = ProtoWriter.tag(2, ProtoWriter.VARINT);
    private static final int SNAPSHOT_FULL = ProtoWriter.tag(3, ProtoWriter.VARINT);
    private static final int SNAPSHOT_ENTERED = 4;
    private static final int SNAPSHOT_MOVED = 5;
    private static final int SNAPSHOT_LEFT = 6;

    private byte[][] moved = new byte[0][];
    private long[] movedTick = new long[0];
    private byte[][] entered = new byte[0][];
    private long[] enteredTick = new long[0];
    /** Per entity id: the encoded EntityEnter field (id, character id, name stay; x, y are re-encoded per tick). */
    private byte[][] entry = new byte[0][];

    private long[] entryTick = new long[0];
    private Entity[] entryOwner = new Entity[0];
    private byte[][] identity = new byte[0][];
    private final ProtoWriter scratch = new ProtoWriter(4096);
    private final ProtoWriter inner = new ProtoWriter(64);
    private final ProtoWriter left = new ProtoWriter(64);
    /** The last body built, and the share key and tick it was built for (key -1: one viewer's own). */
    private final ProtoWriter body = new ProtoWriter(8192);

    private final byte[] header = new byte[32];
    private int bodyKey = -1;
    private long bodyTick = -1;

    /**
     * @return one encoded ServerMessage in a pooled buffer, {@code headroom} bytes in, or null when the viewer has
     *     nothing to learn this tick
     */
    ByteBuf encode(ViewUpdate update, ByteBufAllocator alloc, int headroom) {
        long tick = update.tick();
        int key = update.shareKey();
        if (key < 0 || key != bodyKey || tick != bodyTick) {
            buildBody(update, tick);
            bodyKey = key;
            bodyTick = tick;
        }
        int bodySize = body.size();
        if (!update.full() && !update.ackChanged() && bodySize == 0) {
            return null;
        }
        int length = 1
                + ProtoWriter.varintSize(tick & 0xFFFFFFFFL)
                + 1
                + ProtoWriter.varintSize(update.ackSeq() & 0xFFFFFFFFL)
                + (update.full() ? 2 : 0)
                + bodySize;
        // a header, then the body shared by the viewers of the same key, into one pooled buffer per viewer
        int headerSize = 1 + ProtoWriter.varintSize(length) + length - bodySize;
        byte[] header = this.header;
        int at = ProtoWriter.putVarint(header, 0, SERVER_MESSAGE_SNAPSHOT);
        at = ProtoWriter.putVarint(header, at, length);
        at = ProtoWriter.putVarint(header, at, SNAPSHOT_TICK);
        at = ProtoWriter.putVarint(header, at, tick & 0xFFFFFFFFL);
        at = ProtoWriter.putVarint(header, at, SNAPSHOT_ACK);
        at = ProtoWriter.putVarint(header, at, update.ackSeq() & 0xFFFFFFFFL);
        if (update.full()) {
            at = ProtoWriter.putVarint(header, at, SNAPSHOT_FULL);
            header[at++] = 1;
        }
        ByteBuf out = alloc.directBuffer(headroom + headerSize + bodySize);
        out.writerIndex(headroom).readerIndex(headroom);
        out.writeBytes(header, 0, at);
        out.writeBytes(body.buffer(), 0, bodySize);
        return out;
    }

    /** Everything after the header: entered records, the moved runs of the cells in view, the left ids. */
    private void buildBody(ViewUpdate update, long tick) {
        body.reset();
        for (int i = 0; i < update.enteredCellCount(); i++) {
            body.bytes(entered(update.enteredCell(i), tick));
        }
        for (int i = 0; i < update.enteredEntityCount(); i++) {
            body.bytes(entry(update.enteredEntity(i), tick));
        }
        for (int i = 0; i < update.viewCellCount(); i++) {
            body.bytes(moved(update.viewCell(i), tick));
        }
        if (update.leftCount() > 0) {
            left.reset();
            for (int i = 0; i < update.leftCount(); i++) {
                left.varint(update.left(i));
            }
            body.lengthDelimited(SNAPSHOT_LEFT, left.buffer(), left.size());
        }
    }

    /** The packed (id, dx, dy) triples of the cell's entities that moved this tick, as one `moved` field. */
    private byte[] moved(Cell cell, long tick) {
        growCells(cell.index());
        if (movedTick[cell.index()] != tick) {
            scratch.reset();
            for (int i = 0, n = cell.size(); i < n; i++) {
                Entity entity = cell.member(i);
                if (entity.moved()) {
                    scratch.varint(ProtoWriter.zigZag(entity.id()));
                    scratch.varint(ProtoWriter.zigZag(entity.x() - entity.previousX()));
                    scratch.varint(ProtoWriter.zigZag(entity.y() - entity.previousY()));
                }
            }
            byte[] bytes;
            if (scratch.size() == 0) {
                bytes = EMPTY;
            } else {
                inner.reset();
                inner.lengthDelimited(SNAPSHOT_MOVED, scratch.buffer(), scratch.size());
                bytes = inner.toByteArray();
            }
            moved[cell.index()] = bytes;
            movedTick[cell.index()] = tick;
        }
        return moved[cell.index()];
    }

    /** Every entity of the cell as `entered` fields, at previous-tick positions. */
    private byte[] entered(Cell cell, long tick) {
        growCells(cell.index());
        if (enteredTick[cell.index()] != tick) {
            int total = 0;
            for (int i = 0, n = cell.size(); i < n; i++) {
                total += entry(cell.member(i), tick).length;
            }
            byte[] bytes = new byte[total];
            int at = 0;
            for (int i = 0, n = cell.size(); i < n; i++) {
                byte[] one = entry[cell.member(i).id()];
                System.arraycopy(one, 0, bytes, at, one.length);
                at += one.length;
            }
            entered[cell.index()] = bytes;
            enteredTick[cell.index()] = tick;
        }
        return entered[cell.index()];
    }

    private byte[] entry(Entity entity, long tick) {
        int id = entity.id();
        growEntities(id);
        if (entryOwner[id] != entity) {
            entryOwner[id] = entity;
            entryTick[id] = -1;
            inner.reset();
            inner.varint(ProtoWriter.tag(1, ProtoWriter.VARINT));
            inner.varint(id);
            byte[] character = entity.character().id().toString().getBytes(StandardCharsets.UTF_8);
            inner.lengthDelimited(2, character, character.length);
            byte[] name = entity.character().name().getBytes(StandardCharsets.UTF_8);
            inner.lengthDelimited(3, name, name.length);
            identity[id] = inner.toByteArray();
        }
        if (entryTick[id] != tick) {
            inner.reset();
            inner.bytes(identity[id]);
            inner.varint(ProtoWriter.tag(4, ProtoWriter.VARINT));
            inner.varint(ProtoWriter.zigZag(entity.previousX()));
            inner.varint(ProtoWriter.tag(5, ProtoWriter.VARINT));
            inner.varint(ProtoWriter.zigZag(entity.previousY()));
            scratch.reset();
            scratch.lengthDelimited(SNAPSHOT_ENTERED, inner.buffer(), inner.size());
            entry[id] = scratch.toByteArray();
            entryTick[id] = tick;
        }
        return entry[id];
    }

    private void growCells(int index) {
        if (index >= moved.length) {
            int size = Math.max(index + 1, moved.length * 2);
            moved = Arrays.copyOf(moved, size);
            movedTick = grownTicks(movedTick, size);
            entered = Arrays.copyOf(entered, size);
            enteredTick = grownTicks(enteredTick, size);
        }
    }

    private void growEntities(int id) {
        if (id >= entry.length) {
            int size = Math.max(id + 1, entry.length * 2);
            entry = Arrays.copyOf(entry, size);
            entryTick = grownTicks(entryTick, size);
            entryOwner = Arrays.copyOf(entryOwner, size);
            identity = Arrays.copyOf(identity, size);
        }
    }

    private static long[] grownTicks(long[] ticks, int size) {
        int old = ticks.length;
        long[] grown = Arrays.copyOf(ticks, size);
        Arrays.fill(grown, old, size, -1);
        return grown;
    }

    private static final byte[] EMPTY = new byte[0];
}
