package dev.meridian.client;

/**
 * One entity in a player's view.
 *
 * @param id entity id in the zone
 * @param name character name
 * @param characterId the character's id
 * @param x position in world units
 * @param y position in world units
 */
public record EntityView(int id, String name, String characterId, double x, double y) {}
