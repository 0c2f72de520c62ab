package dev.meridian.client.swarm;

import dev.meridian.client.GameCharacter;
import dev.meridian.client.MeridianApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Gets a bot an account and a character without re-registering every run: log in first (the account usually
 * exists from an earlier run), register only when the login says 401, and create the character only when the
 * account does not have it yet. Rate-limited or overloaded answers (429/503) are retried after their
 * {@code Retry-After}.
 */
final class BotAccounts {
    /** Tries for a call that got no answer; rate-limited and overloaded answers retry until the setup timeout. */
    private static final int MAX_NETWORK_TRIES = 5;

    private static final String CLASS = "warrior";

    private final String password;
    private final LongAdder rateLimited = new LongAdder();

    BotAccounts(String password) {
        this.password = password;
    }

    /** How many answers were 429: the server's per-IP login limit is the usual reason a big swarm sets up slowly. */
    long rateLimited() {
        return rateLimited.sum();
    }

    /** Completes with the bot's character id, or fails with the {@link MeridianApiException} that stopped it. */
    CompletableFuture<String> prepare(Bot bot) {
        return withRetries(() -> bot.client.login(bot.email, password), 1)
                .exceptionallyCompose(failure -> {
                    MeridianApiException refused = apiException(failure);
                    if (refused.status() != 401) {
                        return CompletableFuture.failedFuture(stage("login", refused));
                    }
                    return withRetries(() -> bot.client.register(bot.email, password), 1)
                            .exceptionallyCompose(registerFailure -> {
                                MeridianApiException taken = apiException(registerFailure);
                                // another swarm registered it a moment ago: its password is ours too
                                return taken.status() == 409
                                        ? withRetries(() -> bot.client.login(bot.email, password), 1)
                                        : CompletableFuture.failedFuture(stage("register", taken));
                            });
                })
                .thenCompose(token -> withRetries(bot.client::listCharacters, 1)
                        .exceptionallyCompose(
                                failure -> CompletableFuture.failedFuture(stage("characters", apiException(failure)))))
                .thenCompose(characters -> characterOf(bot, characters));
    }

    private CompletableFuture<String> characterOf(Bot bot, List<GameCharacter> characters) {
        for (GameCharacter character : characters) {
            if (character.name().equals(bot.characterName)) {
                return CompletableFuture.completedFuture(character.id());
            }
        }
        return withRetries(() -> bot.client.createCharacter(bot.characterName, CLASS), 1)
                .thenApply(GameCharacter::id)
                .exceptionallyCompose(
                        failure -> CompletableFuture.failedFuture(stage("create_character", apiException(failure))));
    }

    private <T> CompletableFuture<T> withRetries(Supplier<CompletableFuture<T>> call, int attempt) {
        return call.get().exceptionallyCompose(failure -> {
            MeridianApiException refused = apiException(failure);
            if (!refused.retryable() || refused.status() == 0 && attempt >= MAX_NETWORK_TRIES) {
                return CompletableFuture.failedFuture(refused);
            }
            if (refused.status() == 429) {
                rateLimited.increment();
            }
            Duration wait = refused.retryAfter().orElse(Duration.ofMillis(200L << Math.min(attempt, 5)));
            Executor later = CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> null, later)
                    .thenCompose(ignored -> withRetries(call, attempt + 1));
        });
    }

    /** Tags a failure with the step it happened in, which becomes the error kind of the report. */
    private static MeridianApiException stage(String step, MeridianApiException cause) {
        if (cause.code().contains(":")) {
            return cause;
        }
        return new MeridianApiException(
                cause.status(), step + ":" + cause.code(), cause.getMessage(), cause.fields(), Duration.ZERO, cause);
    }

    static MeridianApiException apiException(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MeridianApiException api) {
            return api;
        }
        return new MeridianApiException(0, "unexpected", String.valueOf(cause), Map.of(), Duration.ZERO, cause);
    }
}
