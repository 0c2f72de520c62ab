package dev.meridian.world.cluster;

/** The lease store could not be reached or failed; what was asked may or may not have happened. */
public final class LeaseStoreException extends RuntimeException {
    public LeaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public LeaseStoreException(String message) {
        super(message);
    }
}
