package dev.meridian.world.net;

import dev.meridian.account.domain.AccountId;
import dev.meridian.character.domain.CharacterId;
import dev.meridian.world.engine.Command;
import dev.meridian.world.engine.Zone;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resume tokens of this node's sessions (docs/protocol.md, "Resume"). Each Welcome carries a new one, bound to the
 * account, the character and the session it was given to. It can be redeemed once, by the same account: while its
 * session is open (a client that noticed the drop before the server did) or parked (the connection dropped without a
 * goodbye, and the entity waits in the zone for {@code world.session.resume-grace}). A parked ticket that nobody
 * redeems in time sends its entity out of the zone. Tokens live in memory only: a resume reaches the node that holds
 * the entity, and a restarted node has no entity to give back.
 */
final class ResumeTickets {
    private static final String PREFIX = "mrs_";
    private static final int RANDOM_BYTES = 32;
    private static final long OPEN = Long.MAX_VALUE;

    private final Map<String, Ticket> byToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    /** One resume token and what it gives back. */
    static final class Ticket {
        private final String token;
        private final AccountId account;
        private final CharacterId character;
        private final WorldSession session;
        /** {@link System#nanoTime()} when the grace of a parked ticket ends; {@link #OPEN} while its session is. */
        private volatile long parkedUntil = OPEN;

        private Ticket(String token, AccountId account, CharacterId character, WorldSession session) {
            this.token = token;
            this.account = account;
            this.character = character;
            this.session = session;
        }

        String token() {
            return token;
        }

        CharacterId character() {
            return character;
        }

        /** The zone of the entity now: a portal crossing may have moved it since the token was issued. */
        Zone zone() {
            return session.zone();
        }

        private boolean expired(long now) {
            return parkedUntil != OPEN && now - parkedUntil >= 0;
        }

        /** The entity leaves the zone (its parked session was the last to play it). */
        private void release() {
            zone().submit(new Command.Leave(session));
        }
    }

    /** A new token for a session that was just welcomed with {@code character}. */
    Ticket issue(WorldSession session, AccountId account, CharacterId character) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Ticket ticket = new Ticket(token, account, character, session);
        byToken.put(token, ticket);
        return ticket;
    }

    /**
     * Uses the token up if {@code account} may resume with it now. A token of another account is refused without
     * being used up: whoever presents someone else's token cannot spoil the owner's resume.
     */
    Optional<Ticket> redeem(String token, AccountId account, long now) {
        Ticket ticket = byToken.get(token);
        if (ticket == null || !ticket.account.equals(account) || ticket.expired(now) || closed) {
            return Optional.empty();
        }
        // the sweeper may expire it at the same moment: whoever removes it decides
        return byToken.remove(token, ticket) ? Optional.of(ticket) : Optional.empty();
    }

    /**
     * The ticket's session dropped without a goodbye: its entity waits until {@code until} ({@link System#nanoTime()}).
     *
     * @return false when the entity must leave now instead (the node is shutting down, or the token is used up)
     */
    boolean park(Ticket ticket, long until) {
        if (closed || byToken.get(ticket.token) != ticket) {
            return false;
        }
        ticket.parkedUntil = until;
        if (closed) {
            // the shutdown's eviction may have passed this ticket while it was still open: the caller's Leave goes in
            // (a second one from the eviction finds nothing to do)
            byToken.remove(ticket.token, ticket);
            return false;
        }
        return true;
    }

    /** The token can no longer be used (its session left, or was taken over). */
    void revoke(Ticket ticket) {
        byToken.remove(ticket.token, ticket);
    }

    /** On the sweeper: parked entities whose grace is over leave their zones. */
    void expire(long now) {
        for (Ticket ticket : byToken.values()) {
            if (ticket.expired(now) && byToken.remove(ticket.token, ticket)) {
                ticket.release();
            }
        }
    }

    /** The character was deleted: its parked entity leaves now and no token of it resumes. */
    void evict(UUID character) {
        for (Ticket ticket : byToken.values()) {
            if (ticket.character.value().equals(character) && byToken.remove(ticket.token, ticket)) {
                if (ticket.parkedUntil != OPEN) {
                    ticket.release();
                }
            }
        }
    }

    /** Shutdown: every parked entity leaves (its position is saved as it goes) and nothing resumes any more. */
    void evictAll() {
        closed = true;
        for (Ticket ticket : byToken.values()) {
            if (byToken.remove(ticket.token, ticket) && ticket.parkedUntil != OPEN) {
                ticket.release();
            }
        }
    }

    /** Tokens held now, for tests and the leak check. */
    int size() {
        return byToken.size();
    }
}
