package dev.meridian.character.app;

import dev.meridian.account.domain.AccountId;
import java.util.Collection;
import java.util.Optional;

/**
 * A cache of an account's character list in its rendered form (the bytes the API answers with), so that a hit is
 * one lookup and one write: nothing is decoded or encoded again. Implementations never throw: a failing cache
 * behaves as an empty one, and the caller reads the store instead.
 */
public interface CharacterListCache {

    /** The list rendered in {@code format}, unless absent, rendered in another format, or the cache is failing. */
    Optional<byte[]> get(AccountId account, String format);

    void put(AccountId account, String format, byte[] rendered);

    /** Forgets the account's list whatever its format; called after every change to the account's characters. */
    void evict(AccountId account);

    /** Forgets the lists of all these accounts; implementations that can do it in one call do. */
    default void evictAll(Collection<AccountId> accounts) {
        accounts.forEach(this::evict);
    }

    /** No caching: every list reads the store. */
    static CharacterListCache none() {
        return new CharacterListCache() {
            @Override
            public Optional<byte[]> get(AccountId account, String format) {
                return Optional.empty();
            }

            @Override
            public void put(AccountId account, String format, byte[] rendered) {}

            @Override
            public void evict(AccountId account) {}
        };
    }
}
