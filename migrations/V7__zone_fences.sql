-- Fencing of position writes across world nodes (docs/architecture.md, "Zone ownership across nodes").
--
-- zone_fences: per zone, the epoch of its newest lease (the NATS KV revision at which a node acquired it). A node
-- advances the fence before it ticks the zone; a position write carries its writer's epoch and lands only while that
-- epoch is still the zone's fence, so a paused or partitioned former owner cannot overwrite a newer owner's rows.
-- characters.position_epoch: the epoch that wrote the row's position (0: a single-node server, unfenced).
CREATE TABLE zone_fences (
    zone       text        PRIMARY KEY,
    epoch      bigint      NOT NULL CHECK (epoch > 0),
    fenced_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE characters ADD COLUMN position_epoch bigint NOT NULL DEFAULT 0;
