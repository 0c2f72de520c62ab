package dev.meridian;

import dev.meridian.platform.Platform;
import dev.meridian.platform.shutdown.GracefulShutdown;
import dev.meridian.world.net.RealtimeServer;
import io.helidon.webserver.WebServer;
import java.util.List;

/** A running Meridian server: its ports, its platform, and the one way to stop it. */
public record Meridian(WebServer webServer, RealtimeServer realtime, Platform platform) {

    public int port() {
        return webServer.port();
    }

    /** The realtime world's port (WebSocket and gRPC). */
    public int worldPort() {
        return realtime.port();
    }

    /** Runs the graceful shutdown sequence (docs/operations.md) and reports each step. */
    public List<GracefulShutdown.StepResult> stop() {
        return platform.shutdown().run();
    }

    /**
     * For the JVM's shutdown hook (SIGTERM): stop gracefully, then halt with status 0, so that an orchestrator sees
     * a clean exit rather than the 143 the JVM would report for a signal.
     */
    void stopAndHalt() {
        stop();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }
}
