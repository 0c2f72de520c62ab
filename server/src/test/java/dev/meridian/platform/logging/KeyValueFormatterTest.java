package dev.meridian.platform.logging;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class KeyValueFormatterTest {
    private final KeyValueFormatter formatter = new KeyValueFormatter();

    @Test
    void linesWrittenWhileServingATracedRequestCarryItsRequestAndTraceIds() {
        AtomicReference<String> line = new AtomicReference<>();
        RequestContext.runWith(
                "abc-1",
                "4bf92f3577b34da6a3ce929d0e0e4736",
                () -> line.set(formatter.format(record("event=http_request status=200"))));
        assertThat(
                line.get(),
                containsString(
                        " request_id=abc-1 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 event=http_request status=200"));
    }

    @Test
    void untracedRequestsHaveNoTraceId() {
        AtomicReference<String> line = new AtomicReference<>();
        RequestContext.runWith("abc-2", () -> line.set(formatter.format(record("event=http_request"))));
        assertThat(line.get(), containsString(" request_id=abc-2 event=http_request"));
        assertThat(line.get(), not(containsString("trace_id")));
        assertThat(formatter.format(record("event=started")).contains("request_id"), is(false));
    }

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("dev.meridian.access");
        return record;
    }
}
