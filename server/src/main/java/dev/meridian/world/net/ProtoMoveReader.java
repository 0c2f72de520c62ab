package dev.meridian.world.net;

/**
 * Reads the one frame that matters for throughput, a {@code ClientMessage} holding a {@code Move}, straight from its
 * bytes: moves are nine in ten client frames, and protobuf's generated parser builds five objects for each (a
 * third of the server's allocation in a crowd). Anything but the plain shape (cid, one move with dx, dy, seq) is left
 * to the generated parser, so the two always agree: repeated fields, other kinds, unknown fields and malformed bytes
 * all take that path.
 */
final class ProtoMoveReader {
    // ClientMessage: cid = 1 (varint), move = 3 (length-delimited); Move: dx = 1, dy = 2 (fixed32), seq = 3 (varint)
    private static final int CID = 1 << 3;
    private static final int MOVE = 3 << 3 | 2;
    private static final int DX = 1 << 3 | 5;
    private static final int DY = 2 << 3 | 5;
    private static final int SEQ = 3 << 3;

    private final byte[] bytes;
    private int position;

    private ProtoMoveReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The move in {@code frame}, or null when it is anything else (then the generated parser decides). */
    static ClientRequest.Move read(byte[] frame) {
        return new ProtoMoveReader(frame).message();
    }

    private ClientRequest.Move message() {
        long cid = 0;
        ClientRequest.Move move = null;
        while (position < bytes.length) {
            long tag = varint();
            if (tag == CID && move == null) {
                cid = varint();
                if (cid < 0 || cid > 0xFFFFFFFFL) {
                    return null;
                }
            } else if (tag == MOVE && move == null) {
                long length = varint();
                if (length < 0 || length > bytes.length - position) {
                    return null;
                }
                move = move((int) (position + length));
                if (move == null) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return move == null ? null : new ClientRequest.Move((int) cid, move.dx(), move.dy(), move.seq());
    }

    /** The Move's fields up to {@code end}, each at most once; null for anything else. */
    private ClientRequest.Move move(int end) {
        float dx = 0;
        float dy = 0;
        long seq = 0;
        int seen = 0;
        while (position < end) {
            long tag = varint();
            if (tag == DX && (seen & 1) == 0 && end - position >= 4) {
                dx = Float.intBitsToFloat(fixed32());
                seen |= 1;
            } else if (tag == DY && (seen & 2) == 0 && end - position >= 4) {
                dy = Float.intBitsToFloat(fixed32());
                seen |= 2;
            } else if (tag == SEQ && (seen & 4) == 0) {
                seq = varint();
                if (seq < 0 || seq > 0xFFFFFFFFL || position > end) {
                    return null;
                }
                seen |= 4;
            } else {
                return null;
            }
        }
        return position == end ? new ClientRequest.Move(0, dx, dy, (int) seq) : null;
    }

    /** A varint of at most 5 bytes (every field read here is 32 bits); -1 when longer or cut short. */
    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (position >= bytes.length) {
                return -1;
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        return -1;
    }

    private int fixed32() {
        int value = (bytes[position] & 0xFF)
                | (bytes[position + 1] & 0xFF) << 8
                | (bytes[position + 2] & 0xFF) << 16
                | (bytes[position + 3] & 0xFF) << 24;
        position += 4;
        return value;
    }
}
