package dev.meridian.world.engine;

import dev.meridian.character.domain.CharacterId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which zone of this node each playing character is in: one entity per character across the node's zones. A Join
 * goes where its character plays now (a takeover), and a zone claims a character before it creates its entity, so a
 * Join that raced a portal crossing is forwarded rather than creating a second one. Written by tick threads only at
 * joins, leaves and crossings; read by any thread.
 */
public final class Placements {
    private final ConcurrentHashMap<CharacterId, Zone> zones = new ConcurrentHashMap<>();

    public Optional<Zone> of(CharacterId character) {
        return Optional.ofNullable(zones.get(character));
    }

    /** @return {@code zone} when it may create the character's entity, else the zone that plays it now */
    Zone claim(CharacterId character, Zone zone) {
        Zone holder = zones.putIfAbsent(character, zone);
        return holder == null ? zone : holder;
    }

    void moved(CharacterId character, Zone to) {
        zones.put(character, to);
    }

    void left(CharacterId character, Zone zone) {
        zones.remove(character, zone);
    }
}
