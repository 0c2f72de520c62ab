package dev.meridian.account.domain;

import java.util.Optional;

/**
 * What an account may do, besides knowing its password.
 *
 * @param adminFlag set by {@code server/run admin grant} (accounts named in {@code admin.accounts} are admins too)
 * @param ban the latest ban, possibly over
 */
public record Standing(Email email, boolean adminFlag, Optional<Ban> ban) {}
