package dev.meridian.world.net;

import java.time.Duration;

/**
 * Per-session limits (docs/configuration.md, {@code world.session.*}).
 *
 * @param maxFrameBytes the largest inbound frame, on both transports
 * @param inboundQueue commands a session may have waiting for the next tick before it is closed
 * @param messagesPerSecond the sustained inbound rate
 * @param messageBurst how many messages a client may send at once: a network that stalled and then delivers what
 *     queued up meanwhile is a burst, not a flood (a flood runs past it within milliseconds)
 * @param outboundQueue frames waiting for the sender before snapshots are skipped
 * @param slowConsumerTimeout how long the outbound queue may stay full before the session is closed
 * @param idleTimeout how long a session may stay silent (ping keeps it alive)
 * @param joinTimeout how long a connection may go on playing no character (never joined, or refused) before it is
 *     closed: a connection that only pings must not hold its memory forever
 * @param resumeGrace how long the entity of a dropped connection waits for a resume; zero: it leaves at once
 */
public record SessionSettings(
        int maxFrameBytes,
        int inboundQueue,
        int messagesPerSecond,
        int messageBurst,
        int outboundQueue,
        Duration slowConsumerTimeout,
        Duration idleTimeout,
        Duration joinTimeout,
        Duration resumeGrace) {

    public SessionSettings {
        if (maxFrameBytes < 1 || inboundQueue < 1 || messagesPerSecond < 1 || messageBurst < 1 || outboundQueue < 1) {
            throw new IllegalArgumentException("world.session: frame size, queues, rate and burst must be at least 1");
        }
        if (!slowConsumerTimeout.isPositive() || !idleTimeout.isPositive() || !joinTimeout.isPositive()) {
            throw new IllegalArgumentException("world.session: the timeouts must be positive");
        }
        if (resumeGrace.isNegative()) {
            throw new IllegalArgumentException("world.session.resume-grace must be zero (off) or positive");
        }
    }
}
