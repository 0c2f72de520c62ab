package dev.meridian.reliability;

import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Ping;
import dev.meridian.proto.world.v1.Resume;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/**
 * Hostile frames from one seeded {@link Random}, so a failing run is reproduced by its seed: random bytes, truncated
 * and mutated protobuf, fields of the wrong wire type, NaN and huge numbers, deep nesting, oversized strings; for
 * JSON, malformed documents, wrong types, numbers beyond double, deep nesting, oversized strings. None is a Leave on
 * purpose (a mutation may still make one: the caller treats the close it causes as documented).
 */
final class FuzzedFrames {
    /** Larger than {@code world.session.max-frame-bytes} (4 KiB): refused {@code frame_too_large}. */
    static final int OVERSIZED = 5000;

    private final Random random;

    FuzzedFrames(long seed) {
        this.random = new Random(seed);
    }

    /** A frame for the binary WebSocket or gRPC. */
    byte[] proto() {
        return switch (random.nextInt(8)) {
            case 0 -> randomBytes(random.nextInt(64));
            case 1 -> truncated(validProto());
            case 2 -> mutated(validProto());
            case 3 -> wrongWireType();
            case 4 -> strangeMove();
            case 5 -> nestedGroups(random.nextInt(50, 500));
            case 6 -> oversizedString(random.nextInt(100) == 0 ? OVERSIZED : random.nextInt(100, 3000));
            default -> validProto();
        };
    }

    /** A text frame for the JSON WebSocket. */
    byte[] json() {
        String text = switch (random.nextInt(9)) {
            case 0 -> new String(randomBytes(random.nextInt(64)), StandardCharsets.ISO_8859_1);
            case 1 -> truncated(validJson());
            case 2 -> wrongTypes();
            case 3 -> hugeNumbers();
            case 4 -> "[".repeat(random.nextInt(10, 4000));
            case 5 -> "{\"a\":".repeat(random.nextInt(10, 800)) + "1" + "}".repeat(random.nextInt(10));
            case 6 ->
                "{\"type\":\"join\",\"character_id\":\""
                        + "x".repeat(random.nextInt(100) == 0 ? OVERSIZED : random.nextInt(100, 3000))
                        + "\"}";
            case 7 -> oddShapes();
            default -> validJson();
        };
        return random.nextInt(20) == 0 ? randomBytes(random.nextInt(1, 64)) : text.getBytes(StandardCharsets.UTF_8);
    }

    private String truncated(String json) {
        return json.substring(0, random.nextInt(json.length()));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] validProto() {
        ClientMessage.Builder message = ClientMessage.newBuilder().setCid(random.nextInt());
        switch (random.nextInt(4)) {
            case 0 ->
                message.setJoin(Join.newBuilder()
                        .setCharacterId(random.nextBoolean() ? UUID.randomUUID().toString() : "x"));
            case 1 ->
                message.setMove(
                        Move.newBuilder().setDx(random.nextFloat()).setDy(-1).setSeq(random.nextInt()));
            case 2 ->
                message.setPing(
                        Ping.newBuilder().setClientTime(random.nextLong()).setRttMs(random.nextInt()));
            default -> message.setResume(Resume.newBuilder().setToken("mrs_" + random.nextLong()));
        }
        return message.build().toByteArray();
    }

    private byte[] truncated(byte[] frame) {
        byte[] cut = new byte[frame.length == 0 ? 0 : random.nextInt(frame.length)];
        System.arraycopy(frame, 0, cut, 0, cut.length);
        return cut;
    }

    private byte[] mutated(byte[] frame) {
        byte[] copy = frame.clone();
        for (int i = 0, n = random.nextInt(1, 4); i < n && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    /** A message field (join, 2) sent as a varint, a fixed64 or a group start instead of bytes. */
    private byte[] wrongWireType() {
        int wireType = new int[] {0, 1, 3, 5}[random.nextInt(4)];
        byte[] rest = randomBytes(random.nextInt(12));
        byte[] frame = new byte[1 + rest.length];
        frame[0] = (byte) ((2 << 3) | wireType);
        System.arraycopy(rest, 0, frame, 1, rest.length);
        return frame;
    }

    private byte[] strangeMove() {
        float[] values = {
            Float.NaN,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.MIN_VALUE,
            0f,
            -0f,
            1e30f
        };
        return ClientMessage.newBuilder()
                .setMove(Move.newBuilder()
                        .setDx(values[random.nextInt(values.length)])
                        .setDy(values[random.nextInt(values.length)])
                        .setSeq(random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE))
                .build()
                .toByteArray();
    }

    /** Unknown field 9 as nested groups: the parser's recursion limit is 100. */
    private byte[] nestedGroups(int depth) {
        byte[] frame = new byte[depth * 2];
        for (int i = 0; i < depth; i++) {
            frame[i] = (byte) ((9 << 3) | 3);
            frame[frame.length - 1 - i] = (byte) ((9 << 3) | 4);
        }
        return frame;
    }

    private byte[] oversizedString(int length) {
        return ClientMessage.newBuilder()
                .setJoin(Join.newBuilder().setCharacterId("x".repeat(length)))
                .build()
                .toByteArray();
    }

    private String validJson() {
        return switch (random.nextInt(4)) {
            case 0 ->
                "{\"type\":\"join\",\"character_id\":\"" + UUID.randomUUID() + "\",\"cid\":" + random.nextInt() + "}";
            case 1 ->
                "{\"type\":\"move\",\"dx\":" + random.nextFloat() + ",\"dy\":-1,\"seq\":" + random.nextInt() + "}";
            case 2 -> "{\"type\":\"ping\",\"client_time\":" + random.nextLong() + "}";
            default -> "{\"type\":\"resume\",\"token\":\"mrs_" + random.nextLong() + "\"}";
        };
    }

    private String wrongTypes() {
        String[] odd = {"\"1\"", "[]", "{}", "null", "true", "-0", "\"\\u0000\""};
        return switch (random.nextInt(4)) {
            case 0 -> "{\"type\":\"move\",\"dx\":" + odd[random.nextInt(odd.length)] + ",\"dy\":1}";
            case 1 -> "{\"type\":\"join\",\"character_id\":" + odd[random.nextInt(odd.length)] + "}";
            case 2 -> "{\"type\":" + odd[random.nextInt(odd.length)] + "}";
            default -> "{\"type\":\"resume\",\"token\":" + odd[random.nextInt(odd.length)] + "}";
        };
    }

    private String hugeNumbers() {
        String[] numbers = {
            "1e400",
            "-1e400",
            "NaN",
            "Infinity",
            "1" + "0".repeat(random.nextInt(20, 1000)),
            "0." + "0".repeat(500) + "1",
            "123456789012345678901234567890"
        };
        String number = numbers[random.nextInt(numbers.length)];
        return switch (random.nextInt(3)) {
            case 0 -> "{\"type\":\"move\",\"dx\":" + number + ",\"dy\":" + number + ",\"seq\":" + number + "}";
            case 1 -> "{\"type\":\"ping\",\"client_time\":" + number + ",\"rtt_ms\":" + number + "}";
            default -> "{\"type\":\"join\",\"character_id\":\"x\",\"cid\":" + number + "}";
        };
    }

    private String oddShapes() {
        String[] shapes = {
            "",
            " ",
            "null",
            "[]",
            "42",
            "\"join\"",
            "{}",
            "{\"type\":\"teleport\"}",
            "{\"TYPE\":\"move\"}",
            "{\"type\":\"move\"",
            "{\"type\":\"move\",\"type\":\"ping\"}",
            "\ufeff{\"type\":\"ping\"}",
            "{'type':'ping'}"
        };
        return shapes[random.nextInt(shapes.length)];
    }
}
