package dev.meridian.admin.app;

/** The {@code data} of the {@code admin.*} events (docs/events.md): who did what to whom. */
public final class AdminEvents {
    private AdminEvents() {}

    public record PlayerKicked(String adminId, String characterId, String reason) {
        public static final String TYPE = "admin.player_kicked";
    }

    /** @param zone null: every zone */
    public record Broadcast(String adminId, String zone, String text, int recipients) {
        public static final String TYPE = "admin.broadcast";
    }

    public record AccountBanned(String adminId, String accountId, String until, String reason, int sessionsClosed) {
        public static final String TYPE = "admin.account_banned";
    }
}
