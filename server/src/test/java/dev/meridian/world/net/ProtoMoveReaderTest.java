package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.proto.world.v1.ClientMessage;
import dev.meridian.proto.world.v1.Join;
import dev.meridian.proto.world.v1.Move;
import dev.meridian.proto.world.v1.Ping;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read move agrees with protobuf's generated parser on every frame it accepts, and takes the usual ones. */
class ProtoMoveReaderTest {
    private static byte[] move(int cid, float dx, float dy, int seq) {
        return ClientMessage.newBuilder()
                .setCid(cid)
                .setMove(Move.newBuilder().setDx(dx).setDy(dy).setSeq(seq))
                .build()
                .toByteArray();
    }

    @Test
    void readsTheMovesClientsSend() {
        float[] values = {0f, 1f, -1f, 0.5f, -0.70710677f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN};
        int[] numbers = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, -1};
        for (float dx : values) {
            for (int seq : numbers) {
                byte[] frame = move(seq, dx, -dx, seq);
                ClientRequest.Move read = ProtoMoveReader.read(frame);
                assertThat("took the plain move " + Arrays.toString(frame), read, notNullValue());
                assertAgrees(frame, read);
            }
        }
    }

    @Test
    void leavesEverythingElseToTheGeneratedParser() {
        assertThat(
                ProtoMoveReader.read(ClientMessage.newBuilder()
                        .setJoin(Join.newBuilder().setCharacterId("c"))
                        .build()
                        .toByteArray()),
                nullValue());
        assertThat(
                ProtoMoveReader.read(ClientMessage.newBuilder()
                        .setCid(3)
                        .setPing(Ping.newBuilder().setClientTime(9))
                        .build()
                        .toByteArray()),
                nullValue());
        assertThat(
                ProtoMoveReader.read(
                        ClientMessage.newBuilder().setCid(3).build().toByteArray()),
                nullValue());
        assertThat(ProtoMoveReader.read(new byte[0]), nullValue());
        byte[] twice = concat(move(1, 1, 0, 1), move(0, 0, 1, 2));
        assertThat("two moves merge in protobuf: its parser decides", ProtoMoveReader.read(twice), nullValue());
        byte[] cut = move(1, 1, 1, 300);
        assertThat(ProtoMoveReader.read(Arrays.copyOf(cut, cut.length - 1)), nullValue());
    }

    @Test
    void neverDisagreesWithTheGeneratedParserOnMutatedFrames() {
        Random random = new Random(42);
        int taken = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] frame =
                    move(random.nextInt(), random.nextFloat() * 2 - 1, random.nextFloat() * 2 - 1, random.nextInt());
            int mutations = random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                switch (random.nextInt(3)) {
                    case 0 -> frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                    case 1 -> frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
                    default -> frame = concat(frame, new byte[] {(byte) random.nextInt(256)});
                }
                if (frame.length == 0) {
                    break;
                }
            }
            ClientRequest.Move read = ProtoMoveReader.read(frame);
            if (read != null) {
                taken++;
                assertAgrees(frame, read);
            }
        }
        assertThat("most frames are still plain moves: " + taken, taken > 50_000, is(true));
    }

    private static void assertAgrees(byte[] frame, ClientRequest.Move read) {
        ClientMessage parsed;
        try {
            parsed = ClientMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("read a frame protobuf refuses: " + Arrays.toString(frame), e);
        }
        assertThat(Arrays.toString(frame), parsed.getKindCase(), is(ClientMessage.KindCase.MOVE));
        assertThat(read.cid(), is(parsed.getCid()));
        assertThat(
                Float.floatToRawIntBits(read.dx()),
                is(Float.floatToRawIntBits(parsed.getMove().getDx())));
        assertThat(
                Float.floatToRawIntBits(read.dy()),
                is(Float.floatToRawIntBits(parsed.getMove().getDy())));
        assertThat(read.seq(), is(parsed.getMove().getSeq()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
