package dev.meridian.world.net;

/**
 * Why a connect, join or resume was turned away before it could play, as tagged on
 * {@code world_admission_refusals_total} (docs/world.md). The close reasons alone cannot tell these apart: a full server
 * and an overloaded zone both close {@code server_full}, a join limit closes {@code rate_limited} like a flood, and a
 * refused connect never becomes a session at all.
 */
public enum Refusal {
    /** A WebSocket upgrade or gRPC stream over {@code world.connect-limit.ip.*}: 429 / RESOURCE_EXHAUSTED. */
    CONNECT_IP("connect_ip"),
    /** The same over {@code world.connect-limit.account.*}. */
    CONNECT_ACCOUNT("connect_account"),
    /** A Join or Resume over {@code world.connect-limit.join.*}: closed {@code rate_limited}. */
    JOIN_RATE("join_rate"),
    /** No seat left under {@code world.max-players}: closed {@code server_full}. */
    MAX_PLAYERS("max_players"),
    /** The join queue ({@code world.join.queue}) is full: closed {@code server_full}. */
    JOIN_QUEUE("join_queue"),
    /** A join's turn at the database did not come within {@code world.join.wait}: error {@code unavailable}. */
    JOIN_WAIT("join_wait"),
    /** The zone keeps overrunning its ticks ({@code world.overload.*}): closed {@code server_full}. */
    ZONE_OVERLOADED("zone_overloaded"),
    /** The event loops keep running late ({@code world.overload.lag-*}): closed {@code server_full}. */
    LOOP_LAG("loop_lag");

    private final String tag;

    Refusal(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
