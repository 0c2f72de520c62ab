package dev.meridian.client;

/**
 * A portal of the player's zone: walking into the rectangle from (x, y) to (x + width, y + height), world units, takes
 * the player to the zone {@code toZone} (the server decides; {@link WorldListener#onZoneChanged} tells).
 */
public record Portal(String toZone, double x, double y, double width, double height) {

    /** Whether (px, py) lies in the portal, edges included. */
    public boolean contains(double px, double py) {
        return px >= x && px <= x + width && py >= y && py <= y + height;
    }
}
