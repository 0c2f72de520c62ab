package dev.meridian.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Postgres cluster of its own ({@code initdb} in a temporary directory, {@code pg_ctl} on a free port, trust
 * authentication for user {@code postgres}). Postgres refuses to run as root, so as root the commands run as the
 * {@code postgres} user through {@code su}.
 */
final class ThrowawayPostgres extends Throwaway {
    private final Path bin;
    private final Path data;
    private boolean running;
    private boolean frozen;

    ThrowawayPostgres() {
        super("postgres");
        this.bin = binaries();
        this.data = dir.resolve("data");
        if (root()) {
            Throwaway.run(List.of("chown", "-R", "postgres", dir.toString()), dir.resolve("chown.log"));
        }
        asPostgres(bin.resolve("initdb") + " -D " + data + " -A trust -U postgres --no-sync -E UTF8");
    }

    @Override
    List<String> command() {
        throw new UnsupportedOperationException("started through pg_ctl");
    }

    @Override
    void start() {
        asPostgres(bin.resolve("pg_ctl") + " -D " + data + " -l " + dir.resolve("server.log") + " -w -t 30 -o \"-p "
                + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40"
                + " -c shared_buffers=16MB\" start");
        running = true;
        awaitPort(true, java.time.Duration.ofSeconds(20));
    }

    /** {@code pg_ctl stop -m fast}: the way an operator (or an orchestrator) stops Postgres; sessions are ended. */
    void stop() {
        asPostgres(bin.resolve("pg_ctl") + " -D " + data + " -w -t 30 -m fast stop");
        running = false;
        awaitPort(false, java.time.Duration.ofSeconds(10));
    }

    /**
     * SIGSTOP to the postmaster and its backends: Postgres hangs as on a stalled disk or a lost network path — open
     * connections stay open and nothing answers.
     */
    void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** SIGCONT: the frozen Postgres carries on where it stopped. */
    void thaw() {
        signal("CONT");
        frozen = false;
    }

    private void signal(String name) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"))
                    .getFirst()
                    .trim());
            Throwaway.run(
                    List.of("/bin/sh", "-c", "kill -" + name + " " + postmaster + " $(pgrep -P " + postmaster + ")"),
                    dir.resolve("signals.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void stopQuietly() {
        if (frozen) {
            thaw();
        }
        if (running) {
            try {
                asPostgres(bin.resolve("pg_ctl") + " -D " + data + " -w -t 30 -m immediate stop");
            } catch (RuntimeException e) {
                // already gone
            }
            running = false;
        }
    }

    private void asPostgres(String command) {
        Path log = dir.resolve("commands.log");
        if (root()) {
            Throwaway.run(List.of("su", "postgres", "-s", "/bin/sh", "-c", command), log);
        } else {
            Throwaway.run(List.of("/bin/sh", "-c", command), log);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest installed server's binaries: /usr/lib/postgresql/<version>/bin. */
    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            List<Path> all = new ArrayList<>(versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .sorted(Comparator.comparing(
                            v -> Integer.parseInt(v.getFileName().toString())))
                    .toList());
            if (all.isEmpty()) {
                throw new IllegalStateException("no initdb under /usr/lib/postgresql/*/bin");
            }
            return all.getLast().resolve("bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
