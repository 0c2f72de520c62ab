package dev.meridian.world.net;

import java.util.Arrays;

/**
 * The few protobuf wire-format primitives the snapshot encoder needs, written by hand so that fragments of a
 * message can be encoded once and concatenated (protobuf merges repeated fields of concatenated messages).
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;

    private byte[] buffer;
    private int position;

    ProtoWriter(int capacity) {
        buffer = new byte[capacity];
    }

    static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    static int zigZag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** Writes a varint into {@code out} at {@code at}; returns the position after it. */
    static int putVarint(byte[] out, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    void reset() {
        position = 0;
    }

    int size() {
        return position;
    }

    void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    void bytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /** Appends a length-delimited field whose body is {@code body[0, length)}. */
    void lengthDelimited(int field, byte[] body, int length) {
        varint(tag(field, LENGTH_DELIMITED));
        varint(length);
        bytes(body, 0, length);
    }

    byte[] buffer() {
        return buffer;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }
}
