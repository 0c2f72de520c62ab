package dev.meridian.world;

import java.util.List;

/** Lets tests in other packages read {@link WorldModule}'s package-private catalogue. */
public final class WorldModuleAccess {
    private WorldModuleAccess() {}

    public static List<String> closeReasons() {
        return WorldModule.CLOSE_REASONS;
    }
}
