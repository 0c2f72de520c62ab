package dev.meridian.client;

import java.time.Instant;

/**
 * A character as the REST API returns it.
 *
 * @param id the character's id (a UUID), the one to join the world with
 * @param accountId the owning account
 * @param name unique server-wide, {@code ^[A-Za-z0-9_-]{3,16}$}
 * @param characterClass one of warrior, mage, rogue, cleric, ranger
 * @param level the character's level
 * @param zone the zone it was last saved in
 * @param x last saved position, world units
 * @param y last saved position, world units
 * @param createdAt when it was created
 * @param updatedAt when it last changed (including a saved position)
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
