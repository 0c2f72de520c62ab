package dev.meridian.world.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.platform.nats.NatsConnector;
import dev.meridian.world.cluster.Lease;
import dev.meridian.world.cluster.LeaseStoreException;
import dev.meridian.world.cluster.WorldNode;
import dev.meridian.world.cluster.ZoneLeases;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Zone leases in a JetStream key-value bucket whose entries live {@code world.lease.ttl} after their last write: the key
 * is the zone, the value the holder (id, advertised addresses, epoch). Create acquires (it fails while the key
 * exists), update with the expected revision renews, delete with the expected revision releases; a holder that stops
 * renewing loses the key when the server ages it out.
 */
public final class JetStreamZoneLeases implements ZoneLeases {
    /** JetStream's "wrong last sequence": the key exists (create) or moved on (update, delete). */
    private static final int WRONG_LAST_SEQUENCE = 10071;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyValueBucket bucket;

    public JetStreamZoneLeases(NatsConnector nats, String bucket, Duration ttl) {
        // a call that waits longer than a third of the TTL is no use to the renewal that made it
        this.bucket = new KeyValueBucket(nats, bucket, ttl, ttl.dividedBy(3));
    }

    /**
     * A create by hand rather than the client's {@code create}, which does the same two steps but does not say which one
     * succeeded: the first, a write expecting no entry, finds the key empty (never held, or the last lease ran out); the
     * second, a write expecting the key's delete marker, takes the zone over a release that is younger than a TTL.
     */
    @Override
    public Optional<Lease> acquire(String zone, WorldNode self) {
        try {
            // the epoch is the revision this create gets, unknown until it answers: 0 here, written by the renewals
            byte[] value = encode(self, 0);
            Optional<Long> written = writeExpecting(zone, value, 0);
            if (written.isPresent()) {
                return Optional.of(new Lease(zone, self, written.get(), written.get()));
            }
            OptionalLong marker = bucket.releaseMarker(zone);
            if (marker.isEmpty()) {
                return Optional.empty();
            }
            return writeExpecting(zone, value, marker.getAsLong())
                    .map(revision -> new Lease(zone, self, revision, revision, marker));
        } catch (JetStreamApiException | IOException e) {
            throw failed("acquire", zone, e);
        }
    }

    /** The revision written; empty when the key's last revision was not {@code expected} (0: the key has none). */
    private Optional<Long> writeExpecting(String zone, byte[] value, long expected)
            throws JetStreamApiException, IOException {
        try {
            return Optional.of(bucket.get().update(zone, value, expected));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease) {
        try {
            long revision = bucket.get().update(lease.zone(), encode(lease.holder(), lease.epoch()), lease.revision());
            return Optional.of(lease.renewed(revision));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return Optional.empty();
            }
            throw failed("renew", lease.zone(), e);
        } catch (IOException e) {
            throw failed("renew", lease.zone(), e);
        }
    }

    @Override
    public void release(Lease lease) {
        try {
            bucket.get().delete(lease.zone(), lease.revision());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                throw failed("release", lease.zone(), e);
            }
        } catch (IOException e) {
            throw failed("release", lease.zone(), e);
        }
    }

    @Override
    public Optional<Lease> holder(String zone) {
        KeyValueEntry entry;
        try {
            entry = bucket.get().get(zone);
        } catch (JetStreamApiException | IOException e) {
            throw failed("read", zone, e);
        }
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
            return Optional.empty();
        }
        return Optional.of(decode(zone, entry));
    }

    /**
     * A watch of the whole bucket, its current entries first (JetStream delivers it through an ordered consumer, which
     * the client recreates after a reconnect): a put is a lease written, a delete marker a release.
     */
    @Override
    public void watch(Consumer<Lease> held, Consumer<String> released) {
        KeyValueWatcher watcher = new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                if (entry.getOperation() == KeyValueOperation.PUT) {
                    held.accept(decode(entry.getKey(), entry));
                } else {
                    released.accept(entry.getKey());
                }
            }

            @Override
            public void endOfData() {
                // the entries held when the watch began have been told; updates follow as they come
            }
        };
        try {
            bucket.get().watchAll(watcher);
        } catch (JetStreamApiException | IOException e) {
            throw new LeaseStoreException("cannot watch the bucket " + bucket.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseStoreException("interrupted while watching the bucket " + bucket.name(), e);
        }
    }

    private static byte[] encode(WorldNode node, long epoch) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("node", node.id());
        value.put("websocket_url", node.websocketUrl());
        value.put("grpc_target", node.grpcTarget());
        value.put("epoch", epoch);
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Lease decode(String zone, KeyValueEntry entry) {
        try {
            JsonNode value = JSON.readTree(entry.getValue());
            WorldNode holder = new WorldNode(
                    value.path("node").asText(),
                    value.path("websocket_url").asText(),
                    value.path("grpc_target").asText());
            long epoch = value.path("epoch").asLong();
            return new Lease(zone, holder, epoch == 0 ? entry.getRevision() : epoch, entry.getRevision());
        } catch (IOException e) {
            throw new LeaseStoreException("unreadable lease of zone " + zone, e);
        }
    }

    private LeaseStoreException failed(String what, String zone, Exception cause) {
        return new LeaseStoreException(
                "cannot " + what + " the lease of zone " + zone + " in bucket " + bucket.name(), cause);
    }
}
