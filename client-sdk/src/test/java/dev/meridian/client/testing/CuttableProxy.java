package dev.meridian.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * A TCP relay on a loopback port in front of the server's realtime port, so a test can cut every connection through
 * it at once, the way a failing network does: both sockets are reset, the server sees its connection end without a
 * goodbye and the client sees the server's end of it go. Protocol-agnostic (WebSocket and gRPC alike).
 */
public final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final IntSupplier upstreamPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    /** @param upstreamPort asked for each connection, so the proxy can listen before the server has a port */
    public CuttableProxy(IntSupplier upstreamPort) {
        this(loopbackListener(), upstreamPort);
    }

    /** Relays what {@code listener} accepts (a TLS listener terminates TLS: {@link TlsProxy}). */
    CuttableProxy(ServerSocket listener, IntSupplier upstreamPort) {
        this.listener = listener;
        this.upstreamPort = upstreamPort;
        Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    private static ServerSocket loopbackListener() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection relayed so far; new ones are relayed as before. */
    public void cutAll() {
        for (Socket socket : sockets) {
            reset(socket);
        }
        sockets.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort.getAsInt());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                // the listener closed, or the server refused this one connection: the client sees it fail
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread.ofVirtual().name("proxy-pipe").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or the other side went away: the other direction ends too
            } finally {
                reset(from);
                reset(to);
            }
        });
    }

    /** Closes with SO_LINGER 0: an RST rather than an orderly end, like a connection lost on the way. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        cutAll();
    }
}
