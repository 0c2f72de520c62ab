package dev.meridian.account.adapters;

import io.helidon.config.Config;

/**
 * The {@code auth.argon2.*} and {@code auth.hashing.*} configuration. Defaults: OWASP's Argon2id minimum
 * (m=19456 KiB, t=2, p=1), one hashing thread per core and a short queue.
 */
public record Argon2Settings(int memoryKib, int iterations, int parallelism, int threads, int queue) {

    public Argon2Settings {
        if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1 || threads < 1 || queue < 0) {
            throw new IllegalArgumentException("invalid auth.argon2 / auth.hashing settings: " + memoryKib + "KiB t="
                    + iterations + " p=" + parallelism + " threads=" + threads + " queue=" + queue);
        }
    }

    public static Argon2Settings from(Config auth) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new Argon2Settings(
                auth.get("argon2.memory-kib").asInt().get(),
                auth.get("argon2.iterations").asInt().get(),
                auth.get("argon2.parallelism").asInt().get(),
                auth.get("hashing.threads").asInt().orElse(cores),
                auth.get("hashing.queue").asInt().orElse(cores * 4));
    }
}
