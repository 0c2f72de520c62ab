package dev.meridian.platform.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

class RequestObservationTest {

    @Test
    void onlySaneCallerIdsAreEchoed() {
        assertThat(RequestObservation.sane("abc-DEF_09.x"), is(true));
        assertThat(RequestObservation.sane("a".repeat(64)), is(true));
        assertThat(RequestObservation.sane("a".repeat(65)), is(false));
        assertThat(RequestObservation.sane(""), is(false));
        assertThat(RequestObservation.sane("a b"), is(false));
        assertThat(RequestObservation.sane("a\r\nx: y"), is(false));
        assertThat(RequestObservation.sane("é"), is(false));
    }

    @Test
    void generatedIdsAreSaneAndDistinct() {
        RequestIds ids = new RequestIds();
        String first = ids.next();
        assertThat(first.matches("[0-9a-f]{12}-[0-9a-f]+"), is(true));
        assertThat(RequestObservation.sane(first), is(true));
        assertThat(ids.next(), is(not(first)));
        assertThat(new RequestIds().next(), is(not(first)));
    }

    @Test
    void durationsAreMillisecondsWithTwoDecimals() {
        assertThat(RequestObservation.millis(0), is("0.00"));
        assertThat(RequestObservation.millis(1_234_567), is("1.23"));
        assertThat(RequestObservation.millis(1_235_000), is("1.24"));
        assertThat(RequestObservation.millis(50_000), is("0.05"));
        assertThat(RequestObservation.millis(12_300_000_000L), is("12300.00"));
    }
}
