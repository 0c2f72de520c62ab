package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.proto.world.v1.EntityEnter;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.proto.world.v1.Snapshot;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ViewStateTest {
    private static final int SELF = 7;

    private static EntityEnter enter(int id, String name, int x, int y) {
        return EntityEnter.newBuilder()
                .setId(id)
                .setName(name)
                .setCharacterId("c-" + id)
                .setX(x)
                .setY(y)
                .build();
    }

    @Test
    void appliesEnteredThenMovedThenLeft() {
        ViewState view = new ViewState(true);
        view.reset(SELF, "c-7", 100, 100, 1);
        view.apply(Snapshot.newBuilder()
                .setTick(2)
                .setFull(true)
                .addEntered(enter(SELF, "me", 100, 100))
                .addEntered(enter(3, "other", 500, -200))
                .build());
        // an entity entering and moving in the same snapshot: the move applies on top of the entered position
        view.apply(Snapshot.newBuilder()
                .setTick(3)
                .setAckSeq(4)
                .addEntered(enter(9, "late", 0, 0))
                .addAllMoved(List.of(3, 50, -50, 9, 1, 2, SELF, -100, 0))
                .addLeft(9)
                .build());

        WorldView world = new WorldView(view, 100);
        assertEquals(3, world.tick());
        assertEquals(4, world.ackSeq());
        assertEquals(
                Map.of(
                        SELF,
                        new EntityView(SELF, "me", "c-7", 0.0, 1.0),
                        3,
                        new EntityView(3, "other", "c-3", 5.5, -2.5)),
                world.entities());
        assertEquals(new EntityView(SELF, "me", "c-7", 0.0, 1.0), world.self());
    }

    @Test
    void fullSnapshotReplacesTheView() {
        ViewState view = new ViewState(true);
        view.reset(SELF, "c-7", 0, 0, 1);
        view.apply(Snapshot.newBuilder()
                .setFull(true)
                .addEntered(enter(1, "a", 0, 0))
                .addEntered(enter(2, "b", 0, 0))
                .build());
        view.apply(Snapshot.newBuilder()
                .setFull(true)
                .addEntered(enter(2, "b", 30, 40))
                .build());

        WorldView world = new WorldView(view, 10);
        assertEquals(Map.of(2, new EntityView(2, "b", "c-2", 3.0, 4.0)), world.entities());
        assertTrue(world.entity(1).isEmpty());
    }

    /** Random deltas against a model of the server's view: the rebuilt view always equals it, exactly. */
    @Test
    void deltasAddUpToTheServersView() {
        Random random = new Random(1);
        Map<Integer, int[]> server = new HashMap<>();
        ViewState client = new ViewState(true);
        client.reset(SELF, "c-7", 0, 0, 0);
        for (int tick = 1; tick <= 500; tick++) {
            Snapshot.Builder snapshot = Snapshot.newBuilder().setTick(tick);
            if (tick % 97 == 1) {
                snapshot.setFull(true);
                server.forEach((id, position) -> snapshot.addEntered(enter(id, "e" + id, position[0], position[1])));
            }
            for (int i = 0; i < 3; i++) {
                int id = random.nextInt(40);
                if (!server.containsKey(id) && !snapshot.getFull()) {
                    int[] position = {random.nextInt(10_000), random.nextInt(10_000)};
                    server.put(id, position);
                    snapshot.addEntered(enter(id, "e" + id, position[0], position[1]));
                }
            }
            for (Map.Entry<Integer, int[]> entity : server.entrySet()) {
                if (random.nextBoolean()) {
                    int dx = random.nextInt(21) - 10;
                    int dy = random.nextInt(21) - 10;
                    entity.getValue()[0] += dx;
                    entity.getValue()[1] += dy;
                    snapshot.addMoved(entity.getKey()).addMoved(dx).addMoved(dy);
                }
            }
            int leaving = random.nextInt(40);
            if (server.remove(leaving) != null) {
                snapshot.addLeft(leaving);
            }
            client.apply(snapshot.build());

            assertEquals(server.keySet(), client.entities().keySet(), "tick " + tick);
            for (Map.Entry<Integer, int[]> entity : server.entrySet()) {
                ViewState.Entity seen = client.entities().get(entity.getKey());
                assertEquals(entity.getValue()[0], seen.x, "x of " + entity.getKey() + " at tick " + tick);
                assertEquals(entity.getValue()[1], seen.y, "y of " + entity.getKey() + " at tick " + tick);
            }
        }
    }

    @Test
    void leanReaderTracksOwnPositionLikeTheFullView() throws IOException {
        ViewState full = new ViewState(true);
        ViewState lean = new ViewState(false);
        full.reset(SELF, "c-7", 10, 10, 0);
        lean.reset(SELF, "c-7", 10, 10, 0);
        Snapshot[] snapshots = {
            Snapshot.newBuilder()
                    .setTick(1)
                    .setFull(true)
                    .addEntered(enter(SELF, "me", 20, 30))
                    .addEntered(enter(2, "x", 0, 0))
                    .build(),
            Snapshot.newBuilder()
                    .setTick(2)
                    .setAckSeq(5)
                    .addAllMoved(List.of(2, 9, 9, SELF, -3, 4))
                    .build(),
            Snapshot.newBuilder()
                    .setTick(3)
                    .setAckSeq(6)
                    .addAllMoved(List.of(SELF, 1, -1))
                    .addLeft(2)
                    .build()
        };
        for (Snapshot snapshot : snapshots) {
            full.apply(snapshot);
            byte[] wire =
                    ServerMessage.newBuilder().setSnapshot(snapshot).build().toByteArray();
            assertTrue(LeanSnapshotReader.isSnapshot(wire));
            LeanSnapshotReader.apply(wire, lean);
            assertEquals(full.tick(), lean.tick());
            assertEquals(full.ackSeq(), lean.ackSeq());
            assertEquals(full.self().x, lean.self().x);
            assertEquals(full.self().y, lean.self().y);
        }
        assertEquals(18, lean.self().x);
        assertEquals(33, lean.self().y);
        assertTrue(lean.entities().isEmpty());
    }

    /** Fields of a snapshot may arrive in any order (concatenated fragments): entered still applies before moved. */
    @Test
    void leanReaderAppliesEnteredBeforeMovedWhateverTheByteOrder() throws IOException {
        ViewState lean = new ViewState(false);
        lean.reset(SELF, "c-7", 0, 0, 0);
        byte[] moved =
                Snapshot.newBuilder().addAllMoved(List.of(SELF, 5, 5)).build().toByteArray();
        byte[] entered = Snapshot.newBuilder()
                .setTick(9)
                .addEntered(enter(SELF, "me", 100, 100))
                .build()
                .toByteArray();
        byte[] snapshot = new byte[moved.length + entered.length];
        System.arraycopy(moved, 0, snapshot, 0, moved.length);
        System.arraycopy(entered, 0, snapshot, moved.length, entered.length);
        // ServerMessage{snapshot} framed by hand: re-serializing a parsed message would put the fields back in order
        byte[] raw = new byte[2 + snapshot.length];
        raw[0] = 0x12;
        raw[1] = (byte) snapshot.length;
        System.arraycopy(snapshot, 0, raw, 2, snapshot.length);

        LeanSnapshotReader.apply(raw, lean);
        assertEquals(105, lean.self().x);
        assertEquals(9, lean.tick());
        assertFalse(LeanSnapshotReader.isSnapshot(new byte[0]));
    }
}
