package dev.meridian;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One assertion style in the server's tests (CONTRIBUTING.md, "Test"): Hamcrest's assertThat; JUnit only to expect throws. */
class TestStyleTest {
    private static final Pattern JUNIT_VALUE_ASSERTION =
            Pattern.compile("import static org\\.junit\\.jupiter\\.api\\.Assertions\\.(?!assertThrows;|fail;)[\\w*]+;");

    @Test
    void serverTestsAssertValuesWithHamcrest() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            List<String> offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(TestStyleTest::assertsValuesWithJunit)
                    .map(Path::toString)
                    .toList();
            assertThat("use assertThat (Hamcrest) in", offenders, empty());
        }
    }

    private static boolean assertsValuesWithJunit(Path file) {
        try {
            return JUNIT_VALUE_ASSERTION.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
