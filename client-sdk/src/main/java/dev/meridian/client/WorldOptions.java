package dev.meridian.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How to open a {@link WorldConnection}.
 *
 * @param characterId the character to join as (one of the token's account)
 * @param transport gRPC, WebSocket binary or WebSocket JSON
 * @param listener receives welcome, snapshots, errors, close
 * @param reconnect what to do when the connection is lost
 * @param trackView true: keep every entity in view (the normal case); false: decode only the snapshot header and
 *     this player's own position, which costs far less CPU per snapshot (load generators)
 * @param pingInterval how often to ping while joined, for RTT and so that an idle player is not closed by the
 *     server's idle timeout (30 s by default); {@link Duration#ZERO} for never
 */
public record WorldOptions(
        String characterId,
        Transport transport,
        WorldListener listener,
        ReconnectPolicy reconnect,
        boolean trackView,
        Duration pingInterval) {

    /** Checks the options; prefer {@link #builder(String)}. */
    public WorldOptions {
        Objects.requireNonNull(characterId);
        Objects.requireNonNull(transport);
        Objects.requireNonNull(listener);
        Objects.requireNonNull(reconnect);
        if (pingInterval.isNegative()) {
            throw new IllegalArgumentException("pingInterval must not be negative");
        }
    }

    /** Options for joining as {@code characterId}: gRPC, full view, no reconnect, a ping every 10 s, no listener. */
    public static Builder builder(String characterId) {
        return new Builder(characterId);
    }

    /** Builds {@link WorldOptions}. */
    public static final class Builder {
        private final String characterId;
        private Transport transport = Transport.GRPC;
        private WorldListener listener = new WorldListener() {};
        private ReconnectPolicy reconnect = ReconnectPolicy.NEVER;
        private boolean trackView = true;
        private Duration pingInterval = Duration.ofSeconds(10);

        private Builder(String characterId) {
            this.characterId = Objects.requireNonNull(characterId);
        }

        /** gRPC (the default), WebSocket binary or WebSocket JSON. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** Who receives welcome, snapshots, errors and close; none by default. */
        public Builder listener(WorldListener listener) {
            this.listener = listener;
            return this;
        }

        /** Whether to come back after a lost connection; {@link ReconnectPolicy#NEVER} by default. */
        public Builder reconnect(ReconnectPolicy reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** False to decode only the snapshot header and the player's own position (load tools); true by default. */
        public Builder trackView(boolean trackView) {
            this.trackView = trackView;
            return this;
        }

        /** How often to ping while joined (10 s by default), {@link Duration#ZERO} for never. */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        /** The options as configured. */
        public WorldOptions build() {
            return new WorldOptions(characterId, transport, listener, reconnect, trackView, pingInterval);
        }
    }
}
