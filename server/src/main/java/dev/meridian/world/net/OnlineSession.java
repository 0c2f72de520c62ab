package dev.meridian.world.net;

import dev.meridian.account.domain.AccountId;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A joined session as the admin console lists it.
 *
 * @param transport {@code ws-proto}, {@code ws-json} or {@code grpc}
 * @param rttMs the round trip the client's last ping reported, empty until it reported one
 */
public record OnlineSession(
        AccountId account,
        UUID character,
        String name,
        String zone,
        String transport,
        Instant connectedSince,
        OptionalInt rttMs) {}
