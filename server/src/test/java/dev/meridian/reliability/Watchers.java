package dev.meridian.reliability;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.world.RawWebSocket;
import dev.meridian.world.WorldFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Well-behaved players on the binary WebSocket, all served by the calling thread: each joins, then moves once a tick
 * (so every one of them gets a snapshot a tick), and the arrival time of every snapshot is kept, so a test can tell
 * whether their cadence held while something else went on.
 */
final class Watchers implements AutoCloseable {
    private static final long TICK_NANOS = 50_000_000L;

    private final List<RawWebSocket> sockets = new ArrayList<>();
    private final List<List<Long>> snapshotTimes = new ArrayList<>();
    private final boolean[] closed;
    private final Selector selector = Selector.open();
    private int seq;

    Watchers(int worldPort, List<WorldFixtures.Player> players) throws IOException {
        for (WorldFixtures.Player player : players) {
            RawWebSocket socket = RawWebSocket.open(worldPort, player.token(), 0);
            socket.sendBinary(ClientMessage.newBuilder()
                    .setJoin(Join.newBuilder().setCharacterId(player.character().toString()))
                    .build()
                    .toByteArray());
            socket.channel().register(selector, SelectionKey.OP_READ, sockets.size());
            sockets.add(socket);
            snapshotTimes.add(new ArrayList<>());
        }
        closed = new boolean[players.size()];
    }

    /** Plays until every watcher has had a snapshot (or 20 s passed). */
    void awaitFirstSnapshots() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (snapshotTimes.stream().anyMatch(List::isEmpty)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every watcher got a snapshot within 20 s");
            }
            play(TICK_NANOS);
        }
    }

    /** Moves every watcher once a tick and reads what arrives, for {@code nanos}. */
    void play(long nanos) throws IOException, InterruptedException {
        long end = System.nanoTime() + nanos;
        long nextMove = System.nanoTime();
        long now;
        while ((now = System.nanoTime()) < end) {
            if (now >= nextMove) {
                byte[] move = ClientMessage.newBuilder()
                        .setMove(Move.newBuilder().setDx(seq % 40 < 20 ? 1 : -1).setSeq(++seq))
                        .build()
                        .toByteArray();
                for (int i = 0; i < sockets.size(); i++) {
                    if (!closed[i]) {
                        sockets.get(i).sendBinary(move);
                    }
                }
                nextMove += TICK_NANOS;
            }
            // asleep until a snapshot arrives or the next move is due: polling every socket every millisecond cost
            // this thread a third of a core, taken from the server it measures on a 2-core machine
            long wait = Math.min(end, nextMove) - System.nanoTime();
            if (wait >= 1_000_000) {
                selector.select(wait / 1_000_000);
            } else {
                selector.selectNow();
            }
            for (SelectionKey key : selector.selectedKeys()) {
                int i = (Integer) key.attachment();
                if (!sockets.get(i).readFrames(frame -> snapshot(frame, snapshotTimes.get(i)))) {
                    closed[i] = true;
                    key.cancel();
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private static void snapshot(ByteBuffer frame, List<Long> times) {
        byte opcode = frame.get();
        if ((opcode & 0x0F) != 0x2) {
            return;
        }
        try {
            if (ServerMessage.parseFrom(frame).hasSnapshot()) {
                times.add(System.nanoTime());
            }
        } catch (IOException e) {
            throw new AssertionError("the server sent a frame that is not a ServerMessage", e);
        }
    }

    int stillConnected() {
        int open = 0;
        for (boolean c : closed) {
            open += c ? 0 : 1;
        }
        return open;
    }

    /** Whether every watcher got a snapshot after {@code since} (its cadence goes on). */
    boolean everyOneSnapshotSince(long since) {
        return snapshotTimes.stream().allMatch(times -> !times.isEmpty() && times.getLast() > since);
    }

    /** The gaps between consecutive snapshots of each watcher that arrived within [from, to), in milliseconds. */
    double[] gapsMs(long from, long to) {
        List<Double> gaps = new ArrayList<>();
        for (List<Long> times : snapshotTimes) {
            long previous = -1;
            for (long at : times) {
                if (at >= from && at < to && previous >= from) {
                    gaps.add((at - previous) / 1e6);
                }
                previous = at;
            }
        }
        return gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static double max(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).max().orElseThrow();
    }

    @Override
    public void close() throws IOException {
        for (RawWebSocket socket : sockets) {
            socket.close();
        }
        selector.close();
    }
}
