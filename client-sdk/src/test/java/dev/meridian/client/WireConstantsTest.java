package dev.meridian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Server, SDK and the {@code /play} page (served from the server's jar) name the world's paths alike. */
class WireConstantsTest {
    private static final Class<?> SERVER = dev.meridian.world.net.WorldPaths.class;

    @Test
    void theSdkUsesTheServersPathsAndSubprotocols() {
        assertEquals(dev.meridian.world.net.WorldPaths.ADDRESSES, WorldPaths.ADDRESSES);
        assertEquals(dev.meridian.world.net.WorldPaths.PROTOBUF_SUBPROTOCOL, WorldPaths.PROTOBUF_SUBPROTOCOL);
        assertEquals(dev.meridian.world.net.WorldPaths.JSON_SUBPROTOCOL, WorldPaths.JSON_SUBPROTOCOL);
    }

    @Test
    void thePlayPageUsesThemToo() throws IOException {
        String world = resource("play/world.js");
        assertTrue(
                world.contains("SUBPROTOCOL = '" + dev.meridian.world.net.WorldPaths.JSON_SUBPROTOCOL + "'"),
                "play/world.js offers the server's JSON subprotocol");
        assertTrue(
                resource("play/api.js").contains("'" + dev.meridian.world.net.WorldPaths.ADDRESSES + "'"),
                "play/api.js asks the server's world addresses path");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SERVER.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name + " is on the class path (the server's jar)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
