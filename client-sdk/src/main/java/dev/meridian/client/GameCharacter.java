package dev.meridian.client;

import java.time.Instant;

/**
 * A character as the REST API returns it; {@code x} and {@code y} are the last saved position in world units.
 *
 * @param characterClass one of warrior, mage, rogue, cleric, ranger
 */
public record GameCharacter(
        String id,
        String accountId,
        String name,
        String characterClass,
        int level,
        String zone,
        double x,
        double y,
        Instant createdAt,
        Instant updatedAt) {}
