package dev.meridian.client;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.meridian.proto.world.v1.EntityEnter;
import java.io.IOException;

/**
 * Applies a serialized {@code ServerMessage{snapshot}} to a {@link ViewState} without building the message objects:
 * it reads the header and walks the packed {@code moved} triples looking for the player's own entity. For a client
 * that tracks only itself this costs a fraction of a full parse, which matters when one process runs a thousand
 * bots that each receive a thousand-entity snapshot twenty times a second.
 *
 * <p>Fields may come in any order and repeat (the server may concatenate per-cell fragments), so it reads twice:
 * first the header and {@code entered}, then {@code moved}, keeping the reconstruction order of world.proto.
 */
final class LeanSnapshotReader {
    /** Field 2 (snapshot) of ServerMessage, length-delimited: (2 << 3) | 2. */
    private static final int SNAPSHOT = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private static final int TICK = 1;
    private static final int ACK_SEQ = 2;
    private static final int FULL = 3;
    private static final int ENTERED = 4;
    private static final int MOVED = 5;

    private LeanSnapshotReader() {}

    /** Whether {@code message} is a snapshot, which this reader handles; anything else needs the full parser. */
    static boolean isSnapshot(byte[] message) {
        return message.length > 0 && (message[0] & 0xff) == SNAPSHOT;
    }

    /** @throws IOException when the bytes are not a valid snapshot */
    static void apply(byte[] message, ViewState view) throws IOException {
        CodedInputStream outer = CodedInputStream.newInstance(message);
        if (outer.readTag() != SNAPSHOT) {
            throw new IOException("not a snapshot");
        }
        int length = outer.readRawVarint32();
        int start = outer.getTotalBytesRead();
        readHeaderAndEntered(CodedInputStream.newInstance(message, start, length), view);
        readMoved(CodedInputStream.newInstance(message, start, length), view);
    }

    private static void readHeaderAndEntered(CodedInputStream in, ViewState view) throws IOException {
        long tick = 0;
        long ack = 0;
        boolean full = false;
        // entered entities are applied after `full` is known, so collect the self entry (the only one kept) first
        EntityEnter self = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TICK -> tick = in.readUInt32() & 0xffffffffL;
                case ACK_SEQ -> ack = in.readUInt32() & 0xffffffffL;
                case FULL -> full = in.readBool();
                case ENTERED -> {
                    EntityEnter entered = EntityEnter.parseFrom(in.readByteBuffer());
                    if (entered.getId() == view.selfId()) {
                        self = entered;
                    }
                }
                default -> in.skipField(tag);
            }
        }
        view.begin(tick, ack, full);
        if (self != null) {
            view.enter(self.getId(), self.getName(), self.getCharacterId(), self.getX(), self.getY());
        }
    }

    private static void readMoved(CodedInputStream in, ViewState view) throws IOException {
        int selfId = view.selfId();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != MOVED) {
                in.skipField(tag);
            } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) {
                    int id = in.readSInt32();
                    int dx = in.readSInt32();
                    int dy = in.readSInt32();
                    if (id == selfId) {
                        view.move(id, dx, dy);
                    }
                }
                in.popLimit(limit);
            } else {
                throw new IOException("moved must be packed");
            }
        }
    }
}
