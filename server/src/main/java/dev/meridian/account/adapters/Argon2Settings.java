package dev.meridian.account.adapters;

import io.helidon.config.Config;

/**
 * The {@code auth.argon2.*} and {@code auth.hashing.*} configuration. Defaults: OWASP's Argon2id minimum
 * (m=19456 KiB, t=2, p=1), one hashing thread per core, a short queue, and hashing threads 10 nice levels below the
 * server's, so that a login storm takes idle CPU rather than the tick thread's (docs/configuration.md).
 *
 * @param nice how many nice levels below the server's own the hashing threads run (0 to 19; Linux only)
 */
public record Argon2Settings(int memoryKib, int iterations, int parallelism, int threads, int queue, int nice) {
    static final int DEFAULT_NICE = 10;

    public Argon2Settings {
        if (memoryKib < 8 * parallelism
                || iterations < 1
                || parallelism < 1
                || threads < 1
                || queue < 0
                || nice < 0
                || nice > 19) {
            throw new IllegalArgumentException("invalid auth.argon2 / auth.hashing settings: " + memoryKib + "KiB t="
                    + iterations + " p=" + parallelism + " threads=" + threads + " queue=" + queue + " nice=" + nice);
        }
    }

    public static Argon2Settings from(Config auth) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new Argon2Settings(
                auth.get("argon2.memory-kib").asInt().get(),
                auth.get("argon2.iterations").asInt().get(),
                auth.get("argon2.parallelism").asInt().get(),
                auth.get("hashing.threads").asInt().orElse(cores),
                auth.get("hashing.queue").asInt().orElse(cores * 4),
                auth.get("hashing.nice").asInt().orElse(DEFAULT_NICE));
    }
}
