package dev.meridian.world.adapters;

import dev.meridian.platform.nats.NatsConnector;
import dev.meridian.world.cluster.LeaseStoreException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A JetStream key-value bucket on the platform's NATS connection, created on first use (by whichever node comes first;
 * creating it again with the same settings is a no-op on the server). File storage: the revisions that serve as
 * fencing epochs must survive a NATS restart, or new epochs would start below the fences in Postgres.
 */
final class KeyValueBucket {
    private static final System.Logger LOG = System.getLogger(KeyValueBucket.class.getName());
    /** JetStream's "stream not found". */
    private static final int NOT_FOUND = 10059;
    /** JetStream's "no message found": the subject has no message in the stream. */
    private static final int NO_MESSAGE = 10037;
    /** The header a key-value delete or purge marker carries, and its values. */
    private static final String OPERATION = "KV-Operation";

    private final NatsConnector nats;
    private final String name;
    private final Duration ttl;
    private final KeyValueOptions options;
    private final JetStreamOptions streamOptions;
    private volatile KeyValue bucket;

    /**
     * @param ttl how long an entry lives after its last write (a lease that is not renewed ends with it)
     * @param requestTimeout how long one call may wait for the server
     */
    KeyValueBucket(NatsConnector nats, String name, Duration ttl, Duration requestTimeout) {
        this.nats = nats;
        this.name = name;
        this.ttl = ttl;
        this.options =
                KeyValueOptions.builder().jsRequestTimeout(requestTimeout).build();
        this.streamOptions =
                JetStreamOptions.builder().requestTimeout(requestTimeout).build();
    }

    String name() {
        return name;
    }

    /** The bucket, created if it does not exist yet; throws while NATS is not connected. */
    KeyValue get() {
        KeyValue current = bucket;
        if (current != null) {
            return current;
        }
        Connection connection = nats.connection()
                .filter(c -> c.getStatus() == Connection.Status.CONNECTED)
                .orElseThrow(() -> new LeaseStoreException("NATS is not connected"));
        try {
            ensureExists(connection);
            current = connection.keyValue(name, options);
        } catch (IOException | JetStreamApiException e) {
            throw new LeaseStoreException("cannot open the key-value bucket " + name, e);
        }
        bucket = current;
        return current;
    }

    /**
     * The revision of the key's delete (or purge) marker when that marker is its last entry: a release that has not
     * aged out yet. Empty when the key holds a value or nothing at all. The client's reads hide markers, so this asks
     * the bucket's stream for the key's last message.
     */
    OptionalLong releaseMarker(String key) throws IOException, JetStreamApiException {
        get();
        Connection connection = nats.connection().orElseThrow(() -> new LeaseStoreException("NATS is not connected"));
        MessageInfo last;
        try {
            last = connection
                    .jetStreamManagement(streamOptions)
                    .getLastMessage("KV_" + name, "$KV." + name + "." + key);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE) {
                return OptionalLong.empty();
            }
            throw e;
        }
        Headers headers = last.getHeaders();
        String operation = headers == null ? null : headers.getFirst(OPERATION);
        return "DEL".equals(operation) || "PURGE".equals(operation)
                ? OptionalLong.of(last.getSeq())
                : OptionalLong.empty();
    }

    private void ensureExists(Connection connection) throws IOException, JetStreamApiException {
        var management = connection.keyValueManagement(options);
        try {
            KeyValueStatus status = management.getStatus(name);
            if (!status.getTtl().equals(ttl)) {
                LOG.log(
                        Level.WARNING,
                        "event=bucket_ttl_differs bucket=" + name + " bucket_ttl=" + status.getTtl() + " configured="
                                + ttl);
            }
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != NOT_FOUND) {
                throw e;
            }
            management.create(KeyValueConfiguration.builder()
                    .name(name)
                    .ttl(ttl)
                    .maxHistoryPerKey(1)
                    .storageType(StorageType.File)
                    .build());
            LOG.log(Level.INFO, "event=bucket_created bucket=" + name + " ttl=" + ttl);
        }
    }
}
