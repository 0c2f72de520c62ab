package dev.meridian.world;

import dev.meridian.platform.ConfigLists;
import dev.meridian.platform.Platform;
import dev.meridian.platform.health.Check;
import dev.meridian.world.adapters.JetStreamZoneLeases;
import dev.meridian.world.cluster.HostedZones;
import dev.meridian.world.cluster.WorldNode;
import dev.meridian.world.cluster.ZoneFences;
import dev.meridian.world.cluster.ZoneOwnership;
import dev.meridian.world.net.WorldPaths;
import io.helidon.config.Config;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this node is one of several sharing the world (docs/architecture.md, "Zone ownership across nodes"), and if
 * so its zone ownership: leases in a NATS JetStream key-value bucket, fenced in Postgres. A node on its own (the
 * default, {@code world.cluster.enabled: false}, or NATS disabled) owns every zone of its map and needs no JetStream.
 */
final class WorldCluster {
    private static final System.Logger LOG = System.getLogger(WorldCluster.class.getName());

    private WorldCluster() {}

    /** The node's ownership when it is part of a cluster; empty for a single node. */
    static Optional<ZoneOwnership> ownership(Platform platform, List<String> map, ZoneFences fences) {
        Config world = platform.config().get("world");
        if (!world.get("cluster.enabled").asBoolean().get()) {
            return Optional.empty();
        }
        if (!platform.config().get("nats.enabled").asBoolean().get()) {
            LOG.log(Level.WARNING, "event=cluster_disabled reason=nats_disabled mode=single-node");
            return Optional.empty();
        }
        Duration ttl = world.get("lease.ttl").as(Duration.class).get();
        HostedZones hosted = new HostedZones(
                List.copyOf(ConfigLists.of(world.get("zones.host"), List.of(HostedZones.ANY))),
                world.get("zones.max").asInt().get());
        WorldNode self = self(world);
        LOG.log(
                Level.INFO,
                "event=cluster_node node=" + self.id() + " websocket_url=" + self.websocketUrl() + " grpc_target="
                        + self.grpcTarget() + " lease_ttl=" + ttl + " hosts=" + String.join(",", hosted.host())
                        + " max_zones=" + hosted.max());
        return Optional.of(new ZoneOwnership(
                new JetStreamZoneLeases(
                        platform.nats(), world.get("cluster.bucket").asString().get(), ttl),
                fences,
                self,
                hosted.candidates(map),
                hosted.max(),
                ttl,
                System::nanoTime));
    }

    /** {@code /readyz}'s {@code world} entry: the mode, and in a cluster whether the lease store answers. */
    static Check readiness(Optional<ZoneOwnership> ownership, List<String> map) {
        if (ownership.isEmpty()) {
            return new Check(
                    "world", false, () -> true, () -> details("mode", "single-node", "zones", String.join(",", map)));
        }
        ZoneOwnership cluster = ownership.get();
        return new Check(
                "world",
                false,
                cluster::storeReachable,
                () -> details(
                        "mode", "cluster",
                        "node", cluster.self().id(),
                        "zones", String.join(",", cluster.owned())));
    }

    /** In the order given, as {@code /readyz} shows them. */
    private static Map<String, String> details(String... keysAndValues) {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }

    /**
     * This node as clients are redirected to it: {@code world.advertise.*} when set (required behind a proxy and in
     * Kubernetes), else the host's name and {@code world.port}.
     */
    private static WorldNode self(Config world) {
        String id = nodeId(world);
        int port = world.get("port").asInt().get();
        Optional<String> websocketUrl = nonBlank(world.get("advertise.websocket-url"));
        Optional<String> grpcTarget = nonBlank(world.get("advertise.grpc-target"));
        if (port == 0 && (websocketUrl.isEmpty() || grpcTarget.isEmpty())) {
            throw new IllegalStateException(
                    "world.port 0 (any free port) cannot be advertised to other nodes: set world.port or world.advertise.*");
        }
        String host = hostName();
        return new WorldNode(
                id,
                websocketUrl.orElse("ws://" + host + ":" + port + WorldPaths.WEBSOCKET),
                grpcTarget.orElse(host + ":" + port));
    }

    /** {@code world.node-id}, else the host's name (a pod's name in Kubernetes). */
    static String nodeId(Config world) {
        return nonBlank(world.get("node-id")).orElseGet(WorldCluster::hostName);
    }

    private static Optional<String> nonBlank(Config value) {
        return value.asString().asOptional().filter(text -> !text.isBlank());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
