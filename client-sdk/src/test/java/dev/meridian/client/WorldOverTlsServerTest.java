package dev.meridian.client;

import static dev.meridian.client.testing.RecordingListener.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.client.testing.RecordingListener;
import dev.meridian.client.testing.TlsProxy;
import dev.meridian.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A world behind TLS (a terminating proxy with a self-signed certificate, advertised as {@code wss} and its gRPC
 * target): every transport connects over TLS when the client trusts that certificate, and none does when it does
 * not. The plaintext path is what {@link WorldConnectionServerTest} covers.
 */
class WorldOverTlsServerTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path certificates;

    private static TlsProxy proxy;
    private static TestServer server;
    private static ClientResources trusting;
    private static ClientResources systemTrust;

    @BeforeAll
    static void start() {
        proxy = TlsProxy.start(certificates, () -> server.worldPort());
        server = TestServer.start(Map.of(
                "world.advertise.websocket-url", "wss://127.0.0.1:" + proxy.port() + "/v1/world/ws",
                "world.advertise.grpc-target", "127.0.0.1:" + proxy.port()));
        trusting = ClientResources.create(1, proxy.certificate());
        systemTrust = ClientResources.create();
    }

    @AfterAll
    static void stop() throws Exception {
        trusting.close();
        systemTrust.close();
        server.close();
        proxy.close();
    }

    private static WorldConnection join(
            ClientResources resources, String name, Transport transport, RecordingListener listener) {
        MeridianClient client =
                MeridianClient.builder(server.baseUrl()).resources(resources).build();
        client.register(name + "@tls.test", PASSWORD).join();
        GameCharacter character = client.createCharacter(name, "mage").join();
        return client.connect(WorldOptions.builder(character.id())
                .transport(transport)
                .listener(listener)
                .pingInterval(Duration.ZERO)
                .build());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientThatTrustsTheCertificateJoinsOverTls(Transport transport) {
        RecordingListener sees = new RecordingListener();
        WorldConnection world = join(trusting, "Tls_" + transport.ordinal(), transport, sees);
        assertTrue(await(sees.welcome).tickRate() > 0);
        world.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientThatDoesNotTrustItNeverJoins(Transport transport) {
        RecordingListener sees = new RecordingListener();
        WorldConnection world = join(systemTrust, "Untrusted_" + transport.ordinal(), transport, sees);
        CloseReason reason = await(sees.finalClose);
        assertEquals(CloseReason.Kind.CONNECT_FAILED, reason.kind(), reason.toString());
        assertFalse(sees.welcome.isDone());
        world.close();
    }
}
