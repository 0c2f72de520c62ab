package dev.meridian.account.adapters;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Argon2idTest {

    @Test
    void computesTheArgon2idTestVectorOfRfc9106() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associated = filled(12, 0x04);
        byte[] tag = new Argon2id().hash(password, salt, secret, associated, 32, 3, 4, 32);
        assertThat(
                HexFormat.of().formatHex(tag), is("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"));
    }

    @Test
    void agreesWithPassword4jForEveryShapeOfParameters() {
        Argon2id reused = new Argon2id();
        int[][] shapes = {{8, 1, 1}, {64, 1, 1}, {100, 2, 1}, {96, 3, 3}, {257, 2, 2}, {1024, 2, 1}, {4096, 1, 4}};
        for (String password : new String[] {"correct horse battery", "pässwörd ✓ 密码", ""}) {
            for (int[] shape : shapes) {
                byte[] salt = ("salt-" + Arrays.toString(shape)).getBytes(StandardCharsets.UTF_8);
                String expected = Argon2Function.getInstance(shape[0], shape[1], shape[2], 32, Argon2.ID)
                        .hash(password.getBytes(StandardCharsets.UTF_8), salt)
                        .getResult();
                byte[] tag =
                        reused.hash(password.getBytes(StandardCharsets.UTF_8), salt, shape[0], shape[1], shape[2], 32);
                String shown = password + " m=" + shape[0] + " t=" + shape[1] + " p=" + shape[2];
                assertThat(shown, Base64.getEncoder().withoutPadding().encodeToString(tag), is(tagOf(expected)));
                // the reused working memory leaves nothing behind: a fresh instance gives the same tag
                assertThat(
                        shown,
                        Arrays.equals(
                                new Argon2id()
                                        .hash(
                                                password.getBytes(StandardCharsets.UTF_8),
                                                salt,
                                                shape[0],
                                                shape[1],
                                                shape[2],
                                                32),
                                tag),
                        is(true));
            }
        }
    }

    @Test
    void keepsItsWorkingMemoryBetweenHashes() {
        Argon2id argon2 = new Argon2id();
        argon2.hash(new byte[] {1}, filled(16, 2), 1024, 1, 1, 32);
        long held = argon2.memoryBytes();
        argon2.hash(new byte[] {3}, filled(16, 4), 1024, 1, 1, 32);
        argon2.hash(new byte[] {3}, filled(16, 4), 512, 1, 1, 32);
        assertThat(held, is(1024L * 1024));
        assertThat(argon2.memoryBytes(), is(held));
    }

    @Test
    void pausesAtItsCheckpointsWithinItsBudgetAndComputesTheSameTag() {
        byte[] salt = filled(16, 2);
        byte[] unpaused = new Argon2id().hash(new byte[] {1}, salt, 1024, 2, 1, 32);
        AtomicInteger checkpoints = new AtomicInteger();
        Argon2id pausing = new Argon2id(
                maxNanos -> {
                    checkpoints.incrementAndGet();
                    return 1_000;
                },
                10_000);
        assertThat(Arrays.equals(pausing.hash(new byte[] {1}, salt, 1024, 2, 1, 32), unpaused), is(true));
        assertThat("checkpoints until its 10 us of pauses were spent", checkpoints.get(), is(10));
        // every hash has a budget of its own
        pausing.hash(new byte[] {1}, salt, 1024, 2, 1, 32);
        assertThat(checkpoints.get(), is(20));
    }

    private static String tagOf(String phc) {
        return phc.substring(phc.lastIndexOf('$') + 1);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
