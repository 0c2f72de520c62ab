package dev.meridian.world.net;

import dev.meridian.account.domain.AccountId;
import io.opentelemetry.context.Context;

/**
 * Who opened a connection (or a gRPC stream), once its token was checked.
 *
 * @param trace what the connection's join spans are parented to: the caller's {@code traceparent} when the upgrade
 *     request or the gRPC headers carried one, else the token check's span; {@link Context#root()} when tracing is off
 */
record Caller(AccountId account, Context trace) {}
