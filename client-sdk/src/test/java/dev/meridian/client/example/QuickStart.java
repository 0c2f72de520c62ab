package dev.meridian.client.example;

import dev.meridian.client.CloseReason;
import dev.meridian.client.GameCharacter;
import dev.meridian.client.MeridianApiException;
import dev.meridian.client.MeridianClient;
import dev.meridian.client.ReconnectPolicy;
import dev.meridian.client.Transport;
import dev.meridian.client.WorldConnection;
import dev.meridian.client.WorldError;
import dev.meridian.client.WorldListener;
import dev.meridian.client.WorldOptions;
import dev.meridian.client.WorldView;
import dev.meridian.client.WorldWelcome;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The README's example ("Client SDK"), kept here so that it always compiles against the SDK. */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) throws InterruptedException {
        String server = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        try (MeridianClient client = MeridianClient.create(server)) {
            try {
                client.login("ada@example.com", "correct horse battery").join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof MeridianApiException refused) || refused.status() != 401) {
                    throw e;
                }
                client.register("ada@example.com", "correct horse battery").join();
            }
            GameCharacter ada = client.listCharacters().join().stream()
                    .findFirst()
                    .orElseGet(() -> client.createCharacter("Ada", "mage").join());

            CountDownLatch joined = new CountDownLatch(1);
            WorldConnection world = client.connect(WorldOptions.builder(ada.id())
                    .transport(Transport.GRPC) // or WEBSOCKET, WEBSOCKET_JSON
                    .reconnect(ReconnectPolicy.backoff())
                    .listener(new WorldListener() {
                        @Override
                        public void onWelcome(WorldWelcome welcome) {
                            joined.countDown();
                        }

                        @Override
                        public void onSnapshot(WorldView view) {
                            System.out.println("tick " + view.tick() + ": "
                                    + view.entities().values());
                        }

                        @Override
                        public void onError(WorldError error) {
                            System.out.println("error: " + error);
                        }

                        @Override
                        public void onClose(CloseReason reason) {
                            System.out.println("closed: " + reason);
                        }
                    })
                    .build());
            joined.await(5, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                world.move(1, 0); // east; 0 until joined, then the move's sequence number
                Thread.sleep(50);
            }
            System.out.println(world.stats()); // input→ack latency, RTT, bytes in, ...
            world.close(); // Leave, then a clean close
        }
    }
}
