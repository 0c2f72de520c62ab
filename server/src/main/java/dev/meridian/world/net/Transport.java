package dev.meridian.world.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.Executor;

/**
 * One connection's way out, implemented by the WebSocket and gRPC adapters of the realtime listener. Everything but
 * {@link #writable()}, {@link #alloc()} and {@link #executor()} runs on {@link #executor()} (the connection's event
 * loop), so a connection is only ever used by one thread and never blocks it: a client that stops reading makes the
 * transport unwritable, and the session then skips snapshots instead of queueing them.
 */
interface Transport {
    /**
     * Bytes every outbound buffer keeps free in front of its payload, so that a transport writes its own framing
     * (a WebSocket frame header of up to 10 bytes; an HTTP/2 DATA frame header of 9 and a gRPC message prefix of 5)
     * into the same buffer and the frame leaves in one piece.
     */
    int HEADROOM = 14;

    /** The thread that owns the connection: all writes and closes run there. */
    Executor executor();

    /** Where outbound buffers come from (pooled, direct). */
    ByteBufAllocator alloc();

    /**
     * Frames {@code payload} (its readable bytes, with {@link #HEADROOM} free bytes before them) and writes it
     * without flushing; takes ownership of the buffer.
     */
    void write(ByteBuf payload, boolean text);

    /** Hands what was written since the last flush to the socket: one system call for the lot. */
    void flush();

    /**
     * Thread-safe: whether the client keeps up: the socket takes data and, for gRPC, the stream's flow-control window
     * is open. While false, sessions skip snapshots (the next one sent is full).
     */
    boolean writable();

    /** Ends the connection after what was written: a close frame or gRPC trailers for {@code reason}. */
    void close(CloseReason reason);

    /** Drops the connection at once, whatever is still queued (a client that does not read). */
    void abort(CloseReason reason);
}
