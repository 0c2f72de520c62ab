package dev.meridian.world.adapters;

import dev.meridian.platform.nats.NatsConnector;
import dev.meridian.world.cluster.LeaseStoreException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * A JetStream key-value bucket on the platform's NATS connection, created on first use (by whichever node comes first;
 * creating it again with the same settings is a no-op on the server). File storage: the revisions that serve as
 * fencing epochs must survive a NATS restart, or new epochs would start below the fences in Postgres.
 */
final class KeyValueBucket {
    private static final System.Logger LOG = System.getLogger(KeyValueBucket.class.getName());
    /** JetStream's "stream not found". */
    private static final int NOT_FOUND = 10059;

    private final NatsConnector nats;
    private final String name;
    private final Duration ttl;
    private final KeyValueOptions options;
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
