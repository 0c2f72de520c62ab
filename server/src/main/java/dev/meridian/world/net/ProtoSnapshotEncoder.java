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
    private static final int ENTERED_FIELD = ProtoWriter.tag(SNAPSHOT_ENTERED, ProtoWriter.LENGTH_DELIMITED);
    // EntityState's x and y (fields 4 and 5): single-byte tags
    private static final int ENTITY_X = ProtoWriter.tag(4, ProtoWriter.VARINT);
    private static final int ENTITY_Y = ProtoWriter.tag(5, ProtoWriter.VARINT);
    private static final int SNAPSHOT_MOVED = 5;
    private static final int SNAPSHOT_LEFT = 6;

    /** Per cell: its packed `moved` field of the tick. */
    private final Fragments moved = new Fragments();
    /** Per cell: all its entities as `entered` fields of the tick. */
    private final Fragments entered = new Fragments();
    /** Per entity id: its `entered` field of the tick (identity, then the previous-tick position). */
    private final Fragments entry = new Fragments();
    /** Per entity id: the encoded id, character id and name, kept while the same entity holds the id. */
    private Entity[] entryOwner = new Entity[0];

    private byte[][] identity = new byte[0][];

    private final ProtoWriter scratch = new ProtoWriter(4096);
    private final ProtoWriter inner = new ProtoWriter(4096);
    private final ProtoWriter record = new ProtoWriter(128);
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
            entered.appendTo(body, entered(update.enteredCell(i), tick));
        }
        for (int i = 0; i < update.enteredEntityCount(); i++) {
            entry.appendTo(body, entry(update.enteredEntity(i), tick));
        }
        for (int i = 0; i < update.viewCellCount(); i++) {
            moved.appendTo(body, moved(update.viewCell(i), tick));
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
    private int moved(Cell cell, long tick) {
        int index = cell.index();
        if (!moved.current(index, tick)) {
            scratch.reset();
            for (int i = 0, n = cell.size(); i < n; i++) {
                Entity entity = cell.member(i);
                if (entity.moved()) {
                    scratch.varint(ProtoWriter.zigZag(entity.id()));
                    scratch.varint(ProtoWriter.zigZag(entity.x() - entity.previousX()));
                    scratch.varint(ProtoWriter.zigZag(entity.y() - entity.previousY()));
                }
            }
            inner.reset();
            if (scratch.size() > 0) {
                inner.lengthDelimited(SNAPSHOT_MOVED, scratch.buffer(), scratch.size());
            }
            moved.store(index, tick, inner);
        }
        return index;
    }

    /**
     * Every entity of the cell as `entered` fields, at previous-tick positions, written straight into the cell's
     * fragment: in a moving crowd nearly every cell comes into someone's view each tick, and a kept array per entity
     * on the way cost an allocation and a copy per entity and tick.
     */
    private int entered(Cell cell, long tick) {
        int index = cell.index();
        if (!entered.current(index, tick)) {
            inner.reset();
            for (int i = 0, n = cell.size(); i < n; i++) {
                Entity member = cell.member(i);
                byte[] known = identity(member); // first: a new owner of the id makes its old fragment stale
                if (entry.current(member.id(), tick)) {
                    entry.appendTo(inner, member.id());
                } else {
                    writeEntered(inner, known, member.previousX(), member.previousY());
                }
            }
            entered.store(index, tick, inner);
        }
        return index;
    }

    /** The entity's `entered` field of the tick, for the views it enters on its own. */
    private int entry(Entity entity, long tick) {
        int id = entity.id();
        byte[] known = identity(entity);
        if (!entry.current(id, tick)) {
            record.reset();
            writeEntered(record, known, entity.previousX(), entity.previousY());
            entry.store(id, tick, record);
        }
        return id;
    }

    /** The encoded id, character id and name, kept while the same entity holds the id. */
    private byte[] identity(Entity entity) {
        int id = entity.id();
        if (id >= entryOwner.length) {
            int size = Math.max(id + 1, entryOwner.length * 2);
            entryOwner = Arrays.copyOf(entryOwner, size);
            identity = Arrays.copyOf(identity, size);
        }
        if (entryOwner[id] != entity) {
            entryOwner[id] = entity;
            entry.forget(id);
            ProtoWriter writer = new ProtoWriter(64);
            writer.varint(ProtoWriter.tag(1, ProtoWriter.VARINT));
            writer.varint(id);
            byte[] character = entity.character().id().toString().getBytes(StandardCharsets.UTF_8);
            writer.lengthDelimited(2, character, character.length);
            byte[] name = entity.character().name().getBytes(StandardCharsets.UTF_8);
            writer.lengthDelimited(3, name, name.length);
            identity[id] = writer.toByteArray();
        }
        return identity[id];
    }

    /** One `entered` field: the entity's identity, then its position (sized first: one pass, no nested buffer). */
    private static void writeEntered(ProtoWriter out, byte[] identity, int x, int y) {
        long zx = ProtoWriter.zigZag(x);
        long zy = ProtoWriter.zigZag(y);
        out.varint(ENTERED_FIELD);
        out.varint(identity.length + 2 + ProtoWriter.varintSize(zx) + ProtoWriter.varintSize(zy));
        out.bytes(identity);
        out.varint(ENTITY_X);
        out.varint(zx);
        out.varint(ENTITY_Y);
        out.varint(zy);
    }

    /**
     * Encoded fragments by index (a cell's or an entity's), valid for the tick they were encoded in. Each fragment gets
     * a fresh array: one tick's fragments then lie side by side in the thread's allocation buffer, in the order the
     * views read them. Keeping each index's array from tick to tick halves the young collections but scatters the
     * arrays over the old generation, and the copies out of them cost more than the collections saved: spread 10,000
     * on one thread, 1.56-1.58 against 1.88-1.94 us per player-tick (docs/benchmarks.md, "World engine").
     */
    private static final class Fragments {
        private byte[][] bytes = new byte[0][];
        private int[] lengths = new int[0];
        private long[] ticks = new long[0];

        /** Whether index {@code i} holds the fragment of {@code tick}. */
        boolean current(int i, long tick) {
            if (i >= ticks.length) {
                int size = Math.max(i + 1, ticks.length * 2);
                int old = ticks.length;
                bytes = Arrays.copyOf(bytes, size);
                lengths = Arrays.copyOf(lengths, size);
                ticks = Arrays.copyOf(ticks, size);
                Arrays.fill(ticks, old, size, -1);
            }
            return ticks[i] == tick;
        }

        /** Whatever index {@code i} held is stale (another entity has the id now). */
        void forget(int i) {
            if (i < ticks.length) {
                ticks[i] = -1;
            }
        }

        void store(int i, long tick, ProtoWriter from) {
            int length = from.size();
            byte[] into = new byte[length];
            bytes[i] = into;
            System.arraycopy(from.buffer(), 0, into, 0, length);
            lengths[i] = length;
            ticks[i] = tick;
        }

        void appendTo(ProtoWriter out, int i) {
            out.bytes(bytes[i], 0, lengths[i]);
        }
    }
}
