package dev.meridian.world.net;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where clients reach the realtime world: {@code GET /v1/world} answers the WebSocket URL and the gRPC target. The
 * world has a port of its own ({@code world.port}); behind a proxy or in Kubernetes the addresses clients must use are
 * configured ({@code world.advertise.*}), otherwise they are derived from the host the client used for this request.
 */
public final class WorldAddresses implements HttpService {

    /** A host name, IPv4 or bracketed IPv6 address with an optional port: safe to repeat in a URL or header. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(?::\\d{1,5})?");

    private final Optional<String> websocketUrl;
    private final Optional<String> grpcTarget;
    private volatile int port;
    /** The WebSocket URLs of the other world nodes a client may be redirected to (several world nodes). */
    private volatile Supplier<List<String>> peers = List::of;

    public WorldAddresses(Optional<String> websocketUrl, Optional<String> grpcTarget) {
        this.websocketUrl = websocketUrl.filter(value -> !value.isBlank());
        this.grpcTarget = grpcTarget.filter(value -> !value.isBlank());
    }

    /** The port the realtime listener got (it may have been 0: any free one). */
    public void listening(int port) {
        this.port = port;
    }

    /** The WebSocket URL for a client that reached this server as {@code host} (its Host header). */
    public Optional<String> websocketUrl(Optional<String> host) {
        return websocketUrl.or(() -> hostName(host).map(name -> "ws://" + name + ":" + port + WorldPaths.WEBSOCKET));
    }

    /** The gRPC target ({@code host:port}) for a client that reached this server as {@code host}. */
    public Optional<String> grpcTarget(Optional<String> host) {
        return grpcTarget.or(() -> hostName(host).map(name -> name + ":" + port));
    }

    /** A node of a cluster: where the other nodes are, as the lease store tells it. */
    public void peers(Supplier<List<String>> websocketUrls) {
        this.peers = websocketUrls;
    }

    /**
     * The WebSocket origins (scheme, host, port) a page served to {@code host} may connect to, for its CSP: this node's
     * world, and in a cluster the other nodes' that hold zones now (a redirect leads there).
     */
    public List<String> websocketOrigins(Optional<String> host) {
        List<String> origins = new ArrayList<>();
        websocketUrl(host).map(WorldAddresses::origin).ifPresent(origins::add);
        peers.get().stream()
                .map(WorldAddresses::origin)
                .filter(o -> !origins.contains(o))
                .forEach(origins::add);
        return origins;
    }

    private static String origin(String url) {
        int path = url.indexOf('/', url.indexOf("//") + 2);
        return path < 0 ? url : url.substring(0, path);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("", this::answer);
    }

    private void answer(ServerRequest req, ServerResponse res) {
        Optional<String> host = req.headers().first(HeaderNames.HOST);
        String body = "{\"websocket_url\":\"" + websocketUrl(host).orElse("") + "\",\"grpc_target\":\""
                + grpcTarget(host).orElse("") + "\",\"websocket_path\":\"" + WorldPaths.WEBSOCKET + "\",\"port\":"
                + port + "}";
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }

    private static Optional<String> hostName(Optional<String> host) {
        return host.map(HOST::matcher).filter(Matcher::matches).map(matcher -> matcher.group(1));
    }
}
