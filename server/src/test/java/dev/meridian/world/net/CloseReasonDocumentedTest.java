package dev.meridian.world.net;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.meridian.testing.DocumentedClose;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every reason the server tells a client it is closing for is in docs/protocol.md with the WebSocket close code and
 * gRPC status the server really sends: the SDK's tests map those same documented closes to what a client does next.
 */
class CloseReasonDocumentedTest {
    @Test
    void everyReasonTheClientIsToldIsDocumentedWithItsCodes() {
        List<DocumentedClose> documented = DocumentedClose.read();
        for (CloseReason reason : CloseReason.values()) {
            if (reason.tellClient()) {
                assertThat(
                        documented,
                        hasItem(new DocumentedClose(
                                reason.code(),
                                reason.webSocketCode(),
                                reason.grpcStatus().name())));
            }
        }
    }
}
