package dev.meridian.testing;

import static dev.meridian.world.WsTestClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.world.WsTestClient;
import java.net.URI;

/**
 * A player on the JSON WebSocket that keeps walking (one move every 50 ms, turning every second so it stays near its
 * spawn) until stopped, and then says where the server put it: the position in the snapshot that acknowledged its last
 * move, which is what must end up in Postgres.
 */
public final class Walker implements AutoCloseable {

    private final WsTestClient client;
    private final String name;
    private final Thread feet;
    private volatile boolean walking = true;
    private volatile int seq;
    private final double[] welcome;

    /** @param world the world's base URI, {@code ws://host:port} */
    public Walker(URI world, String token, String character, String name) {
        this.name = name;
        this.client = WsTestClient.connect(URI.create(world + "/v1/world/ws?token=" + token));
        client.sendText("{\"type\":\"join\",\"character_id\":\"" + character + "\"}");
        JsonNode welcomed = json(client.await(String.class, text -> text.contains("\"type\":\"welcome\"")));
        this.welcome =
                new double[] {welcomed.get("x").asDouble(), welcomed.get("y").asDouble()};
        this.feet = Thread.ofVirtual().name("walker-" + name).start(this::walk);
    }

    private void walk() {
        while (walking) {
            int next = seq + 1;
            int dx = (next / 20) % 2 == 0 ? 1 : -1;
            try {
                client.sendText("{\"type\":\"move\",\"dx\":" + dx + ",\"dy\":0.5,\"seq\":" + next + "}");
            } catch (RuntimeException e) {
                return; // the server closed the connection (shutdown): the test looks at why
            }
            seq = next;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops walking. */
    public void halt() {
        walking = false;
        try {
            feet.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops walking and returns {x, y} of the snapshot that acknowledges the last move. */
    public double[] stop() {
        halt();
        int last = seq;
        String snapshot = client.await(
                String.class,
                text -> text.contains("\"type\":\"snapshot\"")
                        && json(text).path("ack").asInt() == last
                        && own(json(text)) != null);
        JsonNode self = own(json(snapshot));
        return new double[] {self.get("x").asDouble(), self.get("y").asDouble()};
    }

    /**
     * The last snapshot position seen for this player (however far its moves were acknowledged), for a connection
     * that ended without a goodbye; NaN when none arrived.
     */
    public double[] lastSeen() {
        double[] seen = {Double.NaN, Double.NaN};
        for (Object frame : client.frames) {
            if (frame instanceof String text && text.contains("\"type\":\"snapshot\"")) {
                JsonNode self = own(json(text));
                if (self != null) {
                    seen = new double[] {self.get("x").asDouble(), self.get("y").asDouble()};
                }
            }
        }
        return seen;
    }

    /** {x, y} where the server's welcome placed the player. */
    public double[] welcome() {
        return welcome.clone();
    }

    public WsTestClient client() {
        return client;
    }

    public String name() {
        return name;
    }

    private JsonNode own(JsonNode snapshot) {
        for (JsonNode entity : snapshot.path("entities")) {
            if (name.equals(entity.path("name").asText())) {
                return entity;
            }
        }
        return null;
    }

    @Override
    public void close() {
        halt();
        client.close();
    }
}
