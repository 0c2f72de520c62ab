package dev.meridian.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways the world server ends a session that docs/protocol.md promises clients: each code with its WebSocket close
 * code and gRPC status, from the error table ({@code closed (WS 4403, gRPC PERMISSION_DENIED)}) and from the closes
 * without an error frame ({@code `unauthorized` (WS 4401, gRPC UNAUTHENTICATED)}). The server's tests hold its close
 * reasons to it, the SDK's tests their mapping to what a client does next.
 *
 * @param code the reason code (the error frame's code, the WebSocket close reason, the gRPC status description)
 * @param webSocketCode the WebSocket close code
 * @param grpcStatus the gRPC status name
 */
public record DocumentedClose(String code, int webSocketCode, String grpcStatus) {
    private static final Pattern TABLE_ROW =
            Pattern.compile("^\\| `([a-z_]+)` \\|.*closed \\(WS (\\d+), gRPC ([A-Z_]+)\\) \\|$", Pattern.MULTILINE);
    private static final Pattern IN_TEXT = Pattern.compile("`([a-z_]+)` \\(WS (\\d+), gRPC ([A-Z_]+)\\)");

    /** Every documented close, table rows first. */
    public static List<DocumentedClose> read() {
        String protocol;
        try {
            protocol = Files.readString(MonitoringFiles.root().resolve("docs/protocol.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DocumentedClose> closes = new ArrayList<>();
        for (Pattern pattern : List.of(TABLE_ROW, IN_TEXT)) {
            Matcher found = pattern.matcher(protocol);
            while (found.find()) {
                closes.add(new DocumentedClose(found.group(1), Integer.parseInt(found.group(2)), found.group(3)));
            }
        }
        return closes;
    }
}
