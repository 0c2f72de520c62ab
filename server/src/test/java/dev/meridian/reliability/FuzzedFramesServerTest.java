package dev.meridian.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Ping;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.testing.LogRecords;
import dev.meridian.testing.TestServer;
import dev.meridian.world.RawWebSocket;
import dev.meridian.world.WorldFixtures;
import dev.meridian.world.WsTestClient;
import io.grpc.Status;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "Hostile clients": 100,000 fuzzed frames ({@link FuzzedFrames}, seeded) over gRPC, the binary WebSocket
 * and the JSON WebSocket, on connections that have not joined. Frames go in batches, each followed by a Ping whose
 * pong marks the batch's end: every frame of a batch must have been answered (an error frame, or a pong for a frame
 * that happened to be a Ping) before that pong, and a connection may only end the documented ways (a frame over the
 * limit: {@code frame_too_large} and close 1009 / RESOURCE_EXHAUSTED; a frame that mutated into a Leave: 1000 / OK).
 * Each connection's first Ping is answered before the fuzz starts: what a client may send before its token is
 * checked is bounded on its own (64 KiB on gRPC, docs/protocol.md).
 * Afterwards the server still serves REST and a real player, and logged no stack trace.
 */
class FuzzedFramesServerTest {
    private static final long SEED = 15_2026L;
    private static final int FRAMES = 100_000;
    private static final int BATCH = 500;
    private static final int MAX_FRAME = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a batch ended: the answers before its pong (or the end), and the end if the connection ended. */
    private record Outcome(int answers, String lastError, String end) {}

    /** One connection under fuzz. */
    private interface Target extends AutoCloseable {
        void send(byte[] frame) throws IOException;

        void ping(long clientTime) throws IOException;

        /** The answers until the pong of {@code clientTime}, or until the connection ended. */
        Outcome await(long clientTime) throws Exception;

        @Override
        void close() throws IOException;
    }

    @Test
    void fuzzedFramesAreAnsweredOrClosedAsDocumentedAndTheServerCarriesOn() throws Exception {
        Map<String, String> unlimited = Map.of(
                "world.session.messages-per-second", "1000000",
                "world.session.message-burst", "1000000",
                "world.connect-limit.ip.capacity", "1000000",
                "world.connect-limit.account.capacity", "1000000",
                "world.connect-limit.join.capacity", "1000000",
                // a connection under fuzz never joins: it must not be closed join_timeout halfway through a batch
                "world.session.join-timeout", "PT5M");
        try (LogRecords logs = LogRecords.capture();
                TestServer server = TestServer.start(unlimited)) {
            WorldFixtures fixtures = new WorldFixtures(server);
            WorldFixtures.Player fuzzer = fixtures.player("fuzzer", 10, 10);
            int port = server.worldPort();
            List<String> failures = new CopyOnWriteArrayList<>();
            Set<String> ends = new ConcurrentSkipListSet<>();
            int perChannel = (FRAMES + 2) / 3;
            long started = System.nanoTime();
            List<Thread> channels = List.of(
                    fuzz("grpc", perChannel, SEED, () -> grpc(port, fuzzer.token()), true, failures, ends),
                    fuzz(
                            "ws-proto",
                            perChannel,
                            SEED + 1,
                            () -> webSocket(port, fuzzer.token(), false),
                            true,
                            failures,
                            ends),
                    fuzz(
                            "ws-json",
                            perChannel,
                            SEED + 2,
                            () -> webSocket(port, fuzzer.token(), true),
                            false,
                            failures,
                            ends));
            for (Thread channel : channels) {
                channel.join(TimeUnit.MINUTES.toMillis(3));
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            System.out.println(String.format(
                    Locale.ROOT,
                    "reliability scenario=fuzz frames=%d seed=%d took_ms=%d ends=%s log_stack_traces=%d",
                    3 * perChannel,
                    SEED,
                    tookMs,
                    ends,
                    logs.withStackTraces().size()));
            assertThat(failures.toString(), failures, is(empty()));
            assertThat(ends, everyItem(isOneOf("1009", "RESOURCE_EXHAUSTED", "1000", "OK")));
            assertThat(server.get("/healthz").statusCode(), is(200));
            WorldFixtures.Player player = fixtures.player("after_fuzz", 20, 20);
            try (WsTestClient client = WsTestClient.connect(
                    URI.create("ws://127.0.0.1:" + port + "/v1/world/ws?token=" + player.token()))) {
                client.sendText("{\"type\":\"join\",\"character_id\":\"" + player.character() + "\"}");
                client.await(String.class, text -> text.contains("\"type\":\"snapshot\""));
            }
            assertThat(logs.describe(), logs.withStackTraces(), is(empty()));
            assertThat(
                    logs.describe(),
                    logs.records().stream()
                            .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                            .count(),
                    is(0L));
        }
    }

    /**
     * Sends {@code frames} fuzzed frames on a thread of its own, reconnecting whenever the server ended the
     * connection; what went against the contract goes to {@code failures}, how connections ended to {@code ends}.
     */
    private static Thread fuzz(
            String name,
            int frames,
            long seed,
            Supplier<Target> connect,
            boolean binary,
            List<String> failures,
            Set<String> ends) {
        return Thread.ofPlatform().name("fuzz-" + name).start(() -> {
            FuzzedFrames fuzzed = new FuzzedFrames(seed);
            Target target = connect.get();
            List<byte[]> batch = new ArrayList<>();
            long sentinel = 1;
            try {
                round(target, List.of(), ++sentinel);
                for (int sent = 0; sent < frames && failures.isEmpty(); ) {
                    byte[] frame = binary ? fuzzed.proto() : fuzzed.json();
                    sent++;
                    if (frame.length <= MAX_FRAME) {
                        batch.add(frame);
                        if (batch.size() < BATCH && sent < frames) {
                            continue;
                        }
                    }
                    Outcome outcome = round(target, batch, ++sentinel);
                    if (outcome.end() == null && outcome.answers() != batch.size()) {
                        failures.add(name + ": " + batch.size() + " frames, " + outcome.answers() + " answers");
                    }
                    batch.clear();
                    if (outcome.end() == null && frame.length > MAX_FRAME) {
                        // alone, so that its close is its own
                        outcome = round(target, List.of(frame), ++sentinel);
                        if (outcome.end() == null || !outcome.lastError().equals("frame_too_large")) {
                            failures.add(name + ": a frame of " + frame.length + " bytes ended " + outcome);
                        }
                    }
                    if (outcome.end() != null) {
                        ends.add(outcome.end());
                        target.close();
                        target = connect.get();
                        round(target, List.of(), ++sentinel); // its session is there: the fuzz is for sessions
                    }
                }
                target.close();
            } catch (Exception e) {
                failures.add(name + ": " + e);
            }
        });
    }

    private static Outcome round(Target target, List<byte[]> frames, long sentinel) throws Exception {
        try {
            for (byte[] frame : frames) {
                target.send(frame);
            }
            target.ping(sentinel);
        } catch (IOException closedUnderUs) {
            // a Leave (or an oversized frame) ended the connection while we were sending: await() reads how
        }
        return target.await(sentinel);
    }

    private static Target grpc(int port, String token) {
        RawGrpcStream stream = new RawGrpcStream(port, token);
        return new Target() {
            @Override
            public void send(byte[] frame) {
                stream.send(frame);
            }

            @Override
            public void ping(long clientTime) {
                stream.send(pingFrame(clientTime));
            }

            @Override
            public Outcome await(long clientTime) throws Exception {
                int answers = 0;
                String lastError = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    byte[] bytes = stream.received.poll(10, TimeUnit.MILLISECONDS);
                    if (bytes == null) {
                        if (stream.end.isDone() && stream.received.isEmpty()) {
                            Status status = stream.end.get();
                            return new Outcome(
                                    answers, lastError, status.getCode().name());
                        }
                        continue;
                    }
                    ServerMessage message = ServerMessage.parseFrom(bytes);
                    if (message.hasPong() && message.getPong().getClientTime() == clientTime) {
                        return new Outcome(answers, lastError, null);
                    }
                    answers++;
                    if (message.hasError()) {
                        lastError = message.getError().getCode();
                    }
                }
                throw new AssertionError("grpc: no pong and no end within 30 s: a stuck session");
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    private static Target webSocket(int port, String token, boolean json) {
        RawWebSocket socket;
        try {
            socket = RawWebSocket.open(port, token, 0, json ? "meridian.v1.json" : "meridian.v1.proto");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int opcode = json ? 0x1 : 0x2;
        String name = json ? "ws-json" : "ws-proto";
        return new Target() {
            @Override
            public void send(byte[] frame) throws IOException {
                socket.send(opcode, frame);
            }

            @Override
            public void ping(long clientTime) throws IOException {
                socket.send(
                        opcode,
                        json
                                ? ("{\"type\":\"ping\",\"client_time\":" + clientTime + "}")
                                        .getBytes(StandardCharsets.UTF_8)
                                : pingFrame(clientTime));
            }

            @Override
            public Outcome await(long clientTime) throws Exception {
                int[] answers = {0};
                String[] seen = {"", null, null}; // last error, close code, pong seen
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    boolean open = socket.readFrames(frame -> read(frame, clientTime, answers, seen));
                    if (seen[2] != null) {
                        return new Outcome(answers[0], seen[0], null);
                    }
                    if (seen[1] != null || !open) {
                        return new Outcome(answers[0], seen[0], seen[1] == null ? "no close frame" : seen[1]);
                    }
                    Thread.sleep(1);
                }
                throw new AssertionError(name + ": no pong and no close within 30 s: a stuck session");
            }

            private void read(ByteBuffer frame, long clientTime, int[] answers, String[] seen) {
                int code = frame.get() & 0x0F;
                if (code == 0x8) {
                    seen[1] = Integer.toString(frame.remaining() >= 2 ? frame.getShort() & 0xFFFF : 1005);
                    return;
                }
                if (seen[2] != null) {
                    return;
                }
                try {
                    String type;
                    String error;
                    long pongTime;
                    if (json) {
                        JsonNode node = JSON.readTree(
                                StandardCharsets.UTF_8.decode(frame).toString());
                        type = node.path("type").asText();
                        error = node.path("code").asText("");
                        pongTime = node.path("client_time").asLong();
                    } else {
                        ServerMessage message = ServerMessage.parseFrom(frame);
                        type = message.hasPong() ? "pong" : message.hasError() ? "error" : "other";
                        error = message.getError().getCode();
                        pongTime = message.getPong().getClientTime();
                    }
                    if (type.equals("pong") && pongTime == clientTime) {
                        seen[2] = "pong";
                        return;
                    }
                    answers[0]++;
                    if (type.equals("error")) {
                        seen[0] = error;
                    }
                } catch (IOException e) {
                    throw new AssertionError(name + ": the server sent a frame it does not document", e);
                }
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    private static byte[] pingFrame(long clientTime) {
        return ClientMessage.newBuilder()
                .setPing(Ping.newBuilder().setClientTime(clientTime))
                .build()
                .toByteArray();
    }
}
