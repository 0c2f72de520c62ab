package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.proto.world.v1.ServerMessage;
import dev.meridian.world.ProtoView;
import dev.meridian.world.domain.PlayerCharacter;
import dev.meridian.world.engine.Command;
import dev.meridian.world.engine.FanOut;
import dev.meridian.world.engine.QuietViewer;
import dev.meridian.world.engine.ViewUpdate;
import dev.meridian.world.engine.Zone;
import dev.meridian.world.engine.ZoneEvents;
import dev.meridian.world.engine.ZoneLinks;
import dev.meridian.world.engine.ZoneSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The bytes, not just the engine's intent: snapshots assembled from shared fragments parse with the generated
 * protobuf classes, and a client applying docs/protocol.md's rule to them ends up with exactly the server's view.
 */
class ProtoSnapshotEncoderTest {
    private static final ZoneSettings ZONE =
            new ZoneSettings("enc", 200, 200, 20, 40, 20, Duration.ofSeconds(5), Duration.ofSeconds(1));

    /** A client at the end of a perfect connection: decodes every frame and rebuilds its view. */
    private static final class Client extends QuietViewer {
        final ProtoView view = new ProtoView();
        final ProtoFormat format;
        boolean dropNext;
        boolean wantsFull;
        int frames;

        Client(ProtoFormat format) {
            this.format = format;
        }

        @Override
        public void view(ViewUpdate update) {
            ByteBuf buffer = format.snapshot(update, UnpooledByteBufAllocator.DEFAULT, Transport.HEADROOM);
            if (buffer == null) {
                return;
            }
            byte[] frame = ByteBufUtil.getBytes(buffer);
            buffer.release();
            if (dropNext) {
                // what a full outbox does: lose the frame and ask for a full one
                dropNext = false;
                wantsFull = true;
                return;
            }
            try {
                view.apply(ServerMessage.parseFrom(frame).getSnapshot());
                frames++;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public boolean takeFullRequest() {
            boolean wanted = wantsFull;
            wantsFull = false;
            return wanted;
        }
    }

    @Test
    void clientsRebuildingFromEncodedDeltasMatchTheServer() {
        rebuild(new Zone(ZONE, positions -> {}, ZoneEvents.none()), 60, 800);
    }

    @Test
    void theSameHoldsWhenThreeThreadsFanTheViewsOut() {
        try (FanOut fanOut = FanOut.of(3, "enc")) {
            rebuild(new Zone(ZONE, positions -> {}, ZoneEvents.none(), fanOut, ZoneLinks.alone()), 700, 120);
        }
    }

    private static void rebuild(Zone zone, int maxClients, int ticks) {
        ProtoFormat format = new ProtoFormat();
        Random random = new Random(7);
        List<Client> clients = new ArrayList<>();
        for (int tick = 0; tick < ticks; tick++) {
            while (clients.size() < maxClients / 2 || clients.size() < maxClients && random.nextInt(3) == 0) {
                Client client = new Client(format);
                clients.add(client);
                zone.submit(new Command.Join(
                        client,
                        new PlayerCharacter(
                                CharacterId.random(),
                                AccountId.random(),
                                "p" + tick,
                                "enc",
                                random.nextDouble() * 200,
                                random.nextDouble() * 200)));
            }
            if (clients.size() > 1 && random.nextInt(3) == 0) {
                zone.submit(new Command.Leave(clients.remove(random.nextInt(clients.size()))));
            }
            for (Client client : clients) {
                zone.submit(new Command.Move(client, random.nextFloat() * 2 - 1, random.nextFloat() * 2 - 1, tick));
                client.dropNext |= random.nextInt(300) == 0;
            }
            zone.tick();
            for (Client client : clients) {
                if (!client.wantsFull) {
                    assertThat("tick " + tick, text(client.view.entities), is(text(zone.visibleTo(client))));
                }
            }
        }
        assertThat(clients.stream().mapToInt(c -> c.frames).sum() > ticks, is(true));
    }

    private static String text(Map<Integer, int[]> view) {
        return view.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "@" + e.getValue()[0] + "," + e.getValue()[1])
                .collect(Collectors.joining(" "));
    }
}
