package dev.meridian.web;

import dev.meridian.world.net.WorldAddresses;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A page of plain files from the jar: the reference browser client at {@code /play} ({@code src/main/resources/play})
 * and the admin console at {@code /admin} ({@code src/main/resources/admin}), served with a Content-Security-Policy
 * that lets the page load and connect to nothing but this server. docs/browser-client.md explains the policy and why
 * the pages need no CORS.
 */
public final class BrowserPage implements HttpService {
    public static final String PLAY = "/play";
    public static final String ADMIN = "/admin";

    /** A host name, IPv4 or bracketed IPv6 address with an optional port: safe to repeat inside a header. */
    private static final Pattern HOST =
            Pattern.compile("(?:[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(?::\\d{1,5})?");

    private static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");
    private static final HeaderName OPENER_POLICY = HeaderNames.create("Cross-Origin-Opener-Policy");

    private final String path;
    private final HttpService files;
    private final WorldAddresses world;

    private BrowserPage(String path, WorldAddresses world) {
        this.path = path;
        this.files = StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                .location(path.substring(1))
                .welcome("index.html")
                .build());
        this.world = world;
    }

    /** @param path {@link #PLAY} or {@link #ADMIN}: the files come from the resource directory of that name */
    public static void register(HttpRouting.Builder routing, String path, WorldAddresses world) {
        routing.register(path, new BrowserPage(path, world));
    }

    @Override
    public void routing(HttpRules rules) {
        // "/play" without the slash would resolve the page's relative URLs against "/": send browsers to "/play/"
        rules.get("", this::redirectToDirectory);
        rules.any(this::securityHeaders);
        rules.register(files);
    }

    private void redirectToDirectory(ServerRequest req, ServerResponse res) {
        if (req.path().rawPath().endsWith("/")) {
            res.next();
        } else {
            res.status(Status.MOVED_PERMANENTLY_301)
                    .header(HeaderNames.LOCATION, path + "/")
                    .send();
        }
    }

    private void securityHeaders(ServerRequest req, ServerResponse res) {
        Optional<String> host = req.headers().first(HeaderNames.HOST);
        res.header(CONTENT_SECURITY_POLICY, contentSecurityPolicy(world.websocketOrigins(host)));
        res.header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        res.header(REFERRER_POLICY, "no-referrer");
        res.header(OPENER_POLICY, "same-origin");
        // revalidate on every load so a new server version is never mixed with cached modules of the old one
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.next();
    }

    /**
     * Everything from this origin only, and the world's WebSocket: it listens on a port of its own
     * ({@code world.port}), so it is a different origin that {@code connect-src} names explicitly; in a cluster also
     * the other world nodes, which a redirect may send the page to.
     */
    static String contentSecurityPolicy(List<String> worldOrigins) {
        String webSocket = worldOrigins.stream()
                .filter(origin -> origin.startsWith("ws://") || origin.startsWith("wss://"))
                .filter(origin ->
                        HOST.matcher(origin.substring(origin.indexOf("//") + 2)).matches())
                .map(origin -> " " + origin)
                .collect(Collectors.joining());
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'" + webSocket
                + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }
}
