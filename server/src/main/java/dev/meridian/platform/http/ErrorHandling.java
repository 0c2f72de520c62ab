package dev.meridian.platform.http;

import dev.meridian.platform.db.DatabaseOutage;
import dev.meridian.platform.logging.ClientDisconnects;
import dev.meridian.platform.logging.KeyValueFormatter;
import dev.meridian.platform.logging.ThrottledLog;
import io.helidon.common.Weighted;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;

/** Maps every failure of a route to the one JSON error shape; registered once on the routing. */
public final class ErrorHandling {
    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());
    /** Seconds a client should wait before retrying during an outage: a few times {@code db.connect-timeout}. */
    static final String RETRY_AFTER_SECONDS = "5";

    private ErrorHandling() {}

    public static void register(HttpRouting.Builder routing) {
        // a database outage fails every request alike: one line a minute says so, with how many requests it hit
        ThrottledLog outageLog = new ThrottledLog(LOG, Duration.ofMinutes(1));
        routing.error(ApiException.class, (req, res, e) -> send(res, e));
        routing.error(RuntimeException.class, (req, res, e) -> {
            if (DatabaseOutage.causedBy(e)) {
                outageLog.warn("event=db_unavailable source=request path="
                        + req.path().absolute().path() + " error=" + KeyValueFormatter.quote(rootMessage(e)));
                send(res, unavailable());
                return;
            }
            if (ClientDisconnects.causedBy(e)) {
                // the client is gone or half-closed: try to answer, but this is no server error
                ClientDisconnects.log("body", req.path().absolute().path());
                send(res, Status.BAD_REQUEST_400, new ErrorBody("invalid_request", "The request ended early"));
                return;
            }
            LOG.log(Level.ERROR, "event=unhandled_error path=" + req.path().path(), e);
            send(res, Status.INTERNAL_SERVER_ERROR_500, new ErrorBody("internal", "Internal server error"));
        });
    }

    /**
     * The last route: whatever nothing else matched is a 404 in the API's error shape. It is a feature of the lowest
     * weight so that it is registered after every other feature (e.g. the metrics observer), not before them.
     */
    public static void registerNotFound(HttpRouting.Builder routing) {
        routing.addFeature(new NotFoundFeature());
    }

    private static final class NotFoundFeature implements HttpFeature, Weighted {
        @Override
        public void setup(HttpRouting.Builder routing) {
            routing.any((req, res) -> send(res, Status.NOT_FOUND_404, new ErrorBody("not_found", "No such resource")));
        }

        @Override
        public double weight() {
            return 0.1;
        }
    }

    /** The answer while the database cannot be reached: 503 {@code unavailable}, retry later. */
    public static ApiException unavailable() {
        return new ApiException(
                Status.SERVICE_UNAVAILABLE_503,
                "unavailable",
                "The service is temporarily unavailable; retry later",
                Map.of(),
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int i = 0; i < 16 && root.getCause() != null; i++) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    public static void send(ServerResponse res, ApiException e) {
        e.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        send(res, e.status(), new ErrorBody(e.code(), e.getMessage(), e.fields()));
    }

    public static void send(ServerResponse res, Status status, ErrorBody body) {
        res.status(status);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }
}
