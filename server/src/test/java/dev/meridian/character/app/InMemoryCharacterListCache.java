package dev.meridian.character.app;

import dev.meridian.account.domain.AccountId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@link CharacterListCache} contract in memory: one entry per account, tagged with its format. */
final class InMemoryCharacterListCache implements CharacterListCache {
    private final Map<AccountId, Map.Entry<String, byte[]>> entries = new HashMap<>();

    @Override
    public synchronized Optional<byte[]> get(AccountId account, String format) {
        return Optional.ofNullable(entries.get(account))
                .filter(e -> e.getKey().equals(format))
                .map(Map.Entry::getValue);
    }

    @Override
    public synchronized void put(AccountId account, String format, byte[] rendered) {
        entries.put(account, Map.entry(format, rendered));
    }

    @Override
    public synchronized void evict(AccountId account) {
        entries.remove(account);
    }
}
