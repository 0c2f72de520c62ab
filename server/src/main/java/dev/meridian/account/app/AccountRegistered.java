package dev.meridian.account.app;

/** The {@code data} of an {@code account.registered} event (docs/events.md); no personal data on the bus. */
public record AccountRegistered(String accountId) {
    public static final String TYPE = "account.registered";
}
