package dev.meridian.admin.app;

import dev.meridian.account.app.AccountBans;
import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.Ban;
import dev.meridian.events.EventPublisher;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The admin console's use cases (docs/operations.md, "Admin console"). Every action is logged with the admin's id and
 * published as an {@code admin.*} event; the operator's texts go on the bus, never into the log line, whose fields
 * stay machine-readable.
 */
public final class Administration {
    private static final System.Logger LOG = System.getLogger(Administration.class.getName());

    private final LiveWorld world;
    private final AccountBans bans;
    private final EventPublisher events;

    public Administration(LiveWorld world, AccountBans bans, EventPublisher events) {
        this.world = world;
        this.bans = bans;
        this.events = events;
    }

    public List<ZoneStatus> zones() {
        return world.zones();
    }

    /** @throws NotFoundException when {@code zone} is not hosted here */
    public List<PlayerStatus> players(Optional<String> zone) {
        zone.ifPresent(this::requireZone);
        return world.players(zone);
    }

    /** @throws NotFoundException when no session plays the character */
    public void kick(AccountId admin, UUID character, String reason) {
        if (!world.kick(character, reason)) {
            throw new NotFoundException("No online player plays that character");
        }
        LOG.log(Level.INFO, "event=admin_action action=kick admin=" + admin + " character=" + character);
        events.publish(
                AdminEvents.PlayerKicked.TYPE,
                new AdminEvents.PlayerKicked(admin.toString(), character.toString(), reason));
    }

    /**
     * @return how many players it was sent to
     * @throws NotFoundException when {@code zone} is not hosted here
     */
    public int broadcast(AccountId admin, Optional<String> zone, String text) {
        zone.ifPresent(this::requireZone);
        int recipients = world.broadcast(zone, text);
        LOG.log(
                Level.INFO,
                "event=admin_action action=broadcast admin=" + admin + " zone=" + zone.orElse("*") + " recipients="
                        + recipients);
        events.publish(
                AdminEvents.Broadcast.TYPE,
                new AdminEvents.Broadcast(admin.toString(), zone.orElse(null), text, recipients));
        return recipients;
    }

    /**
     * Stores the ban, ends the account's logins and tokens, and closes its live sessions with {@code banned}.
     *
     * @return how many live sessions were closed
     * @throws dev.meridian.account.app.AccountNotFoundException when there is no such account
     */
    public int ban(AccountId admin, AccountId account, Ban ban) {
        int families = bans.ban(account, ban);
        int closed = world.closeSessionsOf(account, ban.reason());
        LOG.log(
                Level.INFO,
                "event=admin_action action=ban admin=" + admin + " account=" + account + " until=" + ban.until()
                        + " logins_ended=" + families + " sessions_closed=" + closed);
        events.publish(
                AdminEvents.AccountBanned.TYPE,
                new AdminEvents.AccountBanned(
                        admin.toString(), account.toString(), ban.until().toString(), ban.reason(), closed));
        return closed;
    }

    private void requireZone(String zone) {
        if (!world.hosts(zone)) {
            throw new NotFoundException("No zone " + zone + " on this node");
        }
    }
}
