package dev.meridian.account.app;

/**
 * Password hashing. Implementations bound the CPU and memory they use: when they are saturated they throw
 * {@link PasswordHashingBusyException} at once instead of queueing without limit.
 */
public interface Passwords {

    String hash(String password);

    /** Checks {@code password} against a stored hash, and says whether that hash uses outdated parameters. */
    Verification verify(String password, String hash);

    /**
     * Does the work of a failed {@link #verify} for an account that does not exist, so that an unknown email and a
     * wrong password cannot be told apart by their timing.
     */
    void verifyNothing(String password);

    record Verification(boolean matches, boolean outdated) {}
}
