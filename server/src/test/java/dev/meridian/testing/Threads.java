package dev.meridian.testing;

import java.util.List;

/** The live threads of this JVM, for tests that check a component's threads end when it is closed. */
public final class Threads {
    private Threads() {}

    /** The names of the live threads whose name starts with {@code prefix}. */
    public static List<String> named(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .sorted()
                .toList();
    }
}
