package dev.meridian.world.net;

/** A decoded client frame, the same for every wire format. {@code cid} is the client's correlation id (0: none). */
public sealed interface ClientRequest {

    int cid();

    record Join(int cid, String characterId) implements ClientRequest {}

    /** Take back the entity of a dropped connection with the resume token of its last Welcome. */
    record Resume(int cid, String token) implements ClientRequest {}

    record Move(int cid, float dx, float dy, int seq) implements ClientRequest {}

    /**
     * {@code clientTime} is echoed as given (JSON clients may send fractional milliseconds); {@code rttMs} is the
     * round trip the client measured with its previous ping, 0 when it has none.
     */
    record Ping(int cid, Number clientTime, int rttMs) implements ClientRequest {}

    record Leave(int cid) implements ClientRequest {}

    /** The frame could not be understood; answered with an {@code invalid_message} error. */
    record Invalid(int cid, String reason) implements ClientRequest {}
}
