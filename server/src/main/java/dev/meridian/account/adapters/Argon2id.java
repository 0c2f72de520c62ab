package dev.meridian.account.adapters;

import java.util.Arrays;

/**
 * Argon2id, version 1.3 (RFC 9106), computing into working memory that this instance keeps and reuses. A hash touches
 * m KiB; allocating them afresh for every hash (as password4j does) makes the garbage collector hand out new heap
 * pages that the kernel must fault in and clear, about a third of a login's CPU. One instance per hashing thread
 * holds its block memory for the thread's life, so after the first hash no page is new. Lanes are filled one after
 * the other, which yields the same tag as a parallel fill. Not thread-safe.
 */
final class Argon2id {
    private static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    private static final int SYNC_POINTS = 4;
    private static final int BLOCK_LONGS = 128;
    private static final int BLOCK_BYTES = 1024;

    /** Blocks filled between two checkpoints: about a tenth of a millisecond of work. */
    private static final int CHECKPOINT_BLOCKS = 128;

    /**
     * Where a hash may pause for more urgent work on the same cores ({@code ForegroundWork}): given the most it may
     * still wait, it returns how long it did.
     */
    @FunctionalInterface
    interface Checkpoint {
        Checkpoint NONE = maxNanos -> 0;

        long pause(long maxNanos);
    }

    private final Checkpoint checkpoint;
    private final long maxPauseNanos;
    private long pauseLeft;

    private long[] memory = new long[0];
    private final long[] r = new long[BLOCK_LONGS];
    private final long[] tmp = new long[BLOCK_LONGS];
    private final long[] zero = new long[BLOCK_LONGS];
    private final long[] input = new long[BLOCK_LONGS];
    private final long[] address = new long[BLOCK_LONGS];
    private final byte[] blockBytes = new byte[BLOCK_BYTES];
    private final Blake2b blake = new Blake2b();

    private int lanes;
    private int laneLength;
    private int segmentLength;
    private int iterations;
    private int blocks;

    /** Never pausing. */
    Argon2id() {
        this(Checkpoint.NONE, 0);
    }

    /** @param maxPauseNanos the most one hash pauses at its checkpoints in all */
    Argon2id(Checkpoint checkpoint, long maxPauseNanos) {
        this.checkpoint = checkpoint;
        this.maxPauseNanos = maxPauseNanos;
    }

    /** The tag of {@code password} and {@code salt}: m KiB, t passes, p lanes, {@code length} bytes. */
    byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        return hash(password, salt, new byte[0], new byte[0], memoryKib, iterations, parallelism, length);
    }

    /** With a secret key and associated data (RFC 9106 section 3.2; the test vectors use them). */
    byte[] hash(
            byte[] password,
            byte[] salt,
            byte[] secret,
            byte[] associated,
            int memoryKib,
            int iterations,
            int parallelism,
            int length) {
        if (parallelism < 1 || memoryKib < 8 * parallelism || iterations < 1 || length < 4) {
            throw new IllegalArgumentException(
                    "Argon2 parameters m=" + memoryKib + " t=" + iterations + " p=" + parallelism + " T=" + length);
        }
        this.lanes = parallelism;
        this.iterations = iterations;
        this.pauseLeft = maxPauseNanos;
        this.segmentLength = memoryKib / (SYNC_POINTS * parallelism);
        this.laneLength = segmentLength * SYNC_POINTS;
        this.blocks = laneLength * parallelism;
        if (memory.length < blocks * BLOCK_LONGS) {
            memory = new long[blocks * BLOCK_LONGS];
        }
        byte[] h0 = new byte[72];
        blake.reset(64)
                .updateInt(parallelism)
                .updateInt(length)
                .updateInt(memoryKib)
                .updateInt(iterations)
                .updateInt(VERSION)
                .updateInt(TYPE_ID)
                .updateInt(password.length)
                .update(password)
                .updateInt(salt.length)
                .update(salt)
                .updateInt(secret.length)
                .update(secret)
                .updateInt(associated.length)
                .update(associated)
                .digest(h0, 0);
        for (int lane = 0; lane < lanes; lane++) {
            for (int first = 0; first < 2; first++) {
                putInt(h0, 64, first);
                putInt(h0, 68, lane);
                variableHash(h0, blockBytes, BLOCK_BYTES);
                int offset = (lane * laneLength + first) * BLOCK_LONGS;
                for (int i = 0; i < BLOCK_LONGS; i++) {
                    memory[offset + i] = longAt(blockBytes, i * 8);
                }
            }
        }
        for (int pass = 0; pass < iterations; pass++) {
            for (int slice = 0; slice < SYNC_POINTS; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(pass, lane, slice);
                }
            }
        }
        int last = (laneLength - 1) * BLOCK_LONGS;
        System.arraycopy(memory, last, tmp, 0, BLOCK_LONGS);
        for (int lane = 1; lane < lanes; lane++) {
            int offset = lane * laneLength * BLOCK_LONGS + last;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                tmp[i] ^= memory[offset + i];
            }
        }
        for (int i = 0; i < BLOCK_LONGS; i++) {
            putLong(blockBytes, i * 8, tmp[i]);
        }
        byte[] tag = new byte[length];
        variableHash(blockBytes, tag, length);
        return tag;
    }

    /** Bytes of working memory held now. */
    long memoryBytes() {
        return memory.length * 8L;
    }

    private void fillSegment(int pass, int lane, int slice) {
        // Argon2id: data-independent addresses in the first half of the first pass, data-dependent afterwards
        boolean independent = pass == 0 && slice < SYNC_POINTS / 2;
        int start = pass == 0 && slice == 0 ? 2 : 0;
        if (independent) {
            Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blocks;
            input[4] = iterations;
            input[5] = TYPE_ID;
            if (start != 0) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segmentLength + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int i = start; i < segmentLength; i++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            if (i % CHECKPOINT_BLOCKS == 0 && pauseLeft > 0) {
                pauseLeft -= checkpoint.pause(pauseLeft);
            }
            long random;
            if (independent) {
                if (i % BLOCK_LONGS == 0) {
                    nextAddresses();
                }
                random = address[i % BLOCK_LONGS];
            } else {
                random = memory[previous * BLOCK_LONGS];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) Long.remainderUnsigned(random >>> 32, lanes);
            int refIndex = referenceIndex(pass, slice, i, random & 0xFFFFFFFFL, refLane == lane);
            int reference = refLane * laneLength + refIndex;
            fillBlock(
                    memory,
                    previous * BLOCK_LONGS,
                    memory,
                    reference * BLOCK_LONGS,
                    memory,
                    current * BLOCK_LONGS,
                    pass != 0);
        }
    }

    private int referenceIndex(int pass, int slice, int index, long j1, boolean sameLane) {
        long area;
        if (pass == 0) {
            if (slice == 0) {
                area = index - 1;
            } else if (sameLane) {
                area = (long) slice * segmentLength + index - 1;
            } else {
                area = (long) slice * segmentLength + (index == 0 ? -1 : 0);
            }
        } else if (sameLane) {
            area = laneLength - segmentLength + index - 1;
        } else {
            area = laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long relative = (j1 * j1) >>> 32;
        relative = area - 1 - ((area * relative) >>> 32);
        long startPosition = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * segmentLength;
        return (int) ((startPosition + relative) % laneLength);
    }

    private void nextAddresses() {
        input[6]++;
        fillBlock(zero, 0, input, 0, address, 0, false);
        fillBlock(zero, 0, address, 0, address, 0, false);
    }

    /** The compression G: dest = P(x ^ y) ^ (x ^ y), also ^ dest's old value when {@code xor} (passes after the first). */
    private void fillBlock(long[] x, int xOff, long[] y, int yOff, long[] dest, int dOff, boolean xor) {
        long[] r = this.r;
        long[] tmp = this.tmp;
        for (int i = 0; i < BLOCK_LONGS; i++) {
            r[i] = x[xOff + i] ^ y[yOff + i];
        }
        if (xor) {
            for (int i = 0; i < BLOCK_LONGS; i++) {
                tmp[i] = r[i] ^ dest[dOff + i];
            }
        } else {
            System.arraycopy(r, 0, tmp, 0, BLOCK_LONGS);
        }
        for (int i = 0; i < 8; i++) {
            int b = 16 * i;
            round(
                    r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12, b + 13,
                    b + 14, b + 15);
        }
        for (int i = 0; i < 8; i++) {
            int b = 2 * i;
            round(
                    r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80, b + 81, b + 96,
                    b + 97, b + 112, b + 113);
        }
        for (int i = 0; i < BLOCK_LONGS; i++) {
            dest[dOff + i] = r[i] ^ tmp[i];
        }
    }

    private static void round(
            long[] v,
            int v0,
            int v1,
            int v2,
            int v3,
            int v4,
            int v5,
            int v6,
            int v7,
            int v8,
            int v9,
            int v10,
            int v11,
            int v12,
            int v13,
            int v14,
            int v15) {
        g(v, v0, v4, v8, v12);
        g(v, v1, v5, v9, v13);
        g(v, v2, v6, v10, v14);
        g(v, v3, v7, v11, v15);
        g(v, v0, v5, v10, v15);
        g(v, v1, v6, v11, v12);
        g(v, v2, v7, v8, v13);
        g(v, v3, v4, v9, v14);
    }

    private static void g(long[] v, int a, int b, int c, int d) {
        v[a] = blaMka(v[a], v[b]);
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] = blaMka(v[c], v[d]);
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] = blaMka(v[a], v[b]);
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] = blaMka(v[c], v[d]);
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }

    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL);
    }

    /** H' of RFC 9106 section 3.3: a digest of any length built from 64-byte BLAKE2b digests. */
    private void variableHash(byte[] in, byte[] out, int length) {
        if (length <= 64) {
            blake.reset(length).updateInt(length).update(in).digest(out, 0);
            return;
        }
        int rounds = (length + 31) / 32 - 2;
        byte[] v = new byte[64];
        blake.reset(64).updateInt(length).update(in).digest(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        for (int i = 1; i < rounds; i++) {
            blake.reset(64).update(v).digest(v, 0);
            System.arraycopy(v, 0, out, i * 32, 32);
        }
        int rest = length - 32 * rounds;
        byte[] last = new byte[rest];
        blake.reset(rest).update(v).digest(last, 0);
        System.arraycopy(last, 0, out, rounds * 32, rest);
    }

    static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }

    private static void putLong(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
