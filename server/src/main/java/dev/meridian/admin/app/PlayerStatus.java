package dev.meridian.admin.app;

import dev.meridian.account.domain.AccountId;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * An online player as the admin console lists it.
 *
 * @param x empty while the player's Join has not reached its zone yet (as {@code y})
 * @param rttMs the round trip its client last reported in a ping; empty until it did
 */
public record PlayerStatus(
        UUID character,
        String name,
        AccountId account,
        String zone,
        OptionalDouble x,
        OptionalDouble y,
        String transport,
        Instant connectedSince,
        OptionalInt rttMs) {}
