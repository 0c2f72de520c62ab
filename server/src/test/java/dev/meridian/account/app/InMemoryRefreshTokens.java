package dev.meridian.account.app;

import dev.meridian.account.domain.AccountId;
import dev.meridian.account.domain.FamilyId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@link RefreshTokens} contract in memory; one lock makes every method atomic, as the real one is. */
final class InMemoryRefreshTokens implements RefreshTokens {
    private record Family(AccountId account, Optional<RevocationReason> revoked, Instant revokedAt) {}

    private record Token(FamilyId family, Instant expiresAt, boolean used, ClientInfo client) {}

    private final Map<FamilyId, Family> families = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();

    @Override
    public synchronized void start(FamilyId family, AccountId account, NewToken first) {
        families.put(family, new Family(account, Optional.empty(), Instant.MAX));
        tokens.put(first.hash(), new Token(family, first.expiresAt(), false, first.client()));
    }

    @Override
    public synchronized Rotation rotate(String presented, NewToken next) {
        Token token = tokens.get(presented);
        if (token == null) {
            return new Refused(Refusal.UNKNOWN, Optional.empty());
        }
        Family family = families.get(token.family());
        if (family.revoked().isPresent()) {
            return new Refused(Refusal.REVOKED, Optional.of(family.account()));
        }
        if (token.used()) {
            revoke(token.family(), RevocationReason.REUSE_DETECTED, next.createdAt());
            return new Refused(Refusal.REUSED, Optional.of(family.account()));
        }
        if (!next.createdAt().isBefore(token.expiresAt())) {
            return new Refused(Refusal.EXPIRED, Optional.of(family.account()));
        }
        tokens.put(presented, new Token(token.family(), token.expiresAt(), true, token.client()));
        tokens.put(next.hash(), new Token(token.family(), next.expiresAt(), false, next.client()));
        return new Rotated(family.account(), token.family());
    }

    @Override
    public synchronized void revokeFamilyOf(String hash, RevocationReason reason, Instant now) {
        Token token = tokens.get(hash);
        if (token != null && families.get(token.family()).revoked().isEmpty()) {
            revoke(token.family(), reason, now);
        }
    }

    @Override
    public synchronized int revokeAll(
            AccountId account, Optional<FamilyId> keep, RevocationReason reason, Instant now) {
        int revoked = 0;
        for (Map.Entry<FamilyId, Family> family : Map.copyOf(families).entrySet()) {
            if (family.getValue().account().equals(account)
                    && family.getValue().revoked().isEmpty()
                    && !keep.equals(Optional.of(family.getKey()))) {
                revoke(family.getKey(), reason, now);
                revoked++;
            }
        }
        return revoked;
    }

    synchronized Optional<RevocationReason> revocation(FamilyId family) {
        return families.get(family).revoked();
    }

    synchronized ClientInfo client(String hash) {
        return tokens.get(hash).client();
    }

    @Override
    public synchronized Purged purge(Instant expiredBy, Instant revokedBy) {
        int before = tokens.size();
        tokens.values().removeIf(token -> !token.expiresAt().isAfter(expiredBy));
        int expired = before - tokens.size();
        int familiesBefore = families.size();
        families.entrySet()
                .removeIf(family -> !family.getValue().revokedAt().isAfter(revokedBy)
                        || tokens.values().stream()
                                .noneMatch(token -> token.family().equals(family.getKey())));
        // as ON DELETE CASCADE does, uncounted
        tokens.values().removeIf(token -> !families.containsKey(token.family()));
        return new Purged(expired, familiesBefore - families.size());
    }

    synchronized boolean holds(String hash) {
        return tokens.containsKey(hash);
    }

    synchronized int familyCount() {
        return families.size();
    }

    private void revoke(FamilyId id, RevocationReason reason, Instant at) {
        families.put(id, new Family(families.get(id).account(), Optional.of(reason), at));
    }
}
