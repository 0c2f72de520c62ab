package dev.meridian.world;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A WebSocket client on a bare socket, for tests that need many connections on one thread or a client that stops
 * reading with a small receive buffer. Sends masked binary frames; {@link #readFrames} hands over whole server frames
 * (opcode in the first byte, payload after).
 */
public final class RawWebSocket implements AutoCloseable {
    private final SocketChannel channel;
    private ByteBuffer in = ByteBuffer.allocate(1 << 16);

    private RawWebSocket(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects and upgrades (binary subprotocol, token in the query); blocking until the 101 arrived, non-blocking
     * afterwards.
     *
     * @param receiveBuffer the socket's receive buffer, or 0 for the default
     */
    public static RawWebSocket open(int port, String token, int receiveBuffer) throws IOException {
        return open(port, token, receiveBuffer, "meridian.v1.proto");
    }

    /** The same with another subprotocol, e.g. {@code meridian.v1.json} for text frames. */
    public static RawWebSocket open(int port, String token, int receiveBuffer, String subprotocol) throws IOException {
        SocketChannel channel = SocketChannel.open();
        if (receiveBuffer > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
        }
        channel.connect(new InetSocketAddress("127.0.0.1", port));
        String request = "GET /v1/world/ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + subprotocol + "\r\n\r\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        RawWebSocket socket = new RawWebSocket(channel);
        socket.awaitUpgrade();
        channel.configureBlocking(false);
        return socket;
    }

    private void awaitUpgrade() throws IOException {
        while (true) {
            if (channel.read(in) < 0) {
                throw new IOException("closed during the upgrade");
            }
            String head = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            int end = head.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IOException(
                            "upgrade refused: " + head.lines().findFirst().orElse(""));
                }
                in.flip();
                in.position(end + 4);
                in.compact();
                return;
            }
        }
    }

    public SocketChannel channel() {
        return channel;
    }

    /** Sends one binary message in a masked frame (all-zero mask: the payload goes as it is). */
    public void sendBinary(byte[] payload) throws IOException {
        send(0x2, payload);
    }

    /** Sends one whole message with {@code opcode} (0x1 text, 0x2 binary) in a masked frame (all-zero mask). */
    public void send(int opcode, byte[] payload) throws IOException {
        if (payload.length > 0xFFFF) {
            throw new IllegalArgumentException("messages up to 64 KiB only");
        }
        boolean extended = payload.length >= 126;
        ByteBuffer frame = ByteBuffer.allocate((extended ? 8 : 6) + payload.length);
        frame.put((byte) (0x80 | opcode));
        if (extended) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | payload.length));
        }
        frame.putInt(0).put(payload).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /**
     * Reads what arrived (non-blocking) and hands every whole frame to {@code frames}.
     *
     * @return false once the server closed the connection
     */
    public boolean readFrames(Consumer<ByteBuffer> frames) throws IOException {
        int read;
        do {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            read = channel.read(in);
        } while (read > 0);
        in.flip();
        while (in.remaining() >= 2) {
            int start = in.position();
            int length = in.get(start + 1) & 0x7F;
            int header = 2;
            if (length == 126) {
                header = 4;
                length = in.remaining() >= 4 ? in.getShort(start + 2) & 0xFFFF : Integer.MAX_VALUE;
            } else if (length == 127) {
                header = 10;
                length = in.remaining() >= 10 ? (int) in.getLong(start + 2) : Integer.MAX_VALUE;
            }
            if (length == Integer.MAX_VALUE || in.remaining() < header + length) {
                break;
            }
            ByteBuffer frame = ByteBuffer.allocate(1 + length);
            frame.put(in.get(start));
            frame.put(in.slice(start + header, length)).flip();
            in.position(start + header + length);
            frames.accept(frame);
        }
        in.compact();
        return read >= 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
