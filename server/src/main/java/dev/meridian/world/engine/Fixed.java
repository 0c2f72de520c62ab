package dev.meridian.world.engine;

/** World units to the engine's fixed point ({@link ZoneSettings#POSITION_SCALE} steps per unit) and back. */
final class Fixed {
    private Fixed() {}

    static int of(double units) {
        return Double.isFinite(units) ? (int) Math.round(units * ZoneSettings.POSITION_SCALE) : 0;
    }

    static double units(int value) {
        return value / (double) ZoneSettings.POSITION_SCALE;
    }

    static int clamp(int value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
