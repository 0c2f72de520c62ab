package dev.meridian.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A dependency of the server (Redis, NATS, Postgres) started for one test on a free loopback port, in a temporary
 * directory of its own, so that a test can kill and restart it without touching the machine's shared services.
 * {@link #close()} stops it and deletes its directory, also when the test failed.
 */
abstract class Throwaway implements AutoCloseable {
    final int port;
    final Path dir;
    private Process process;

    Throwaway(String name) {
        this.port = freePort();
        try {
            this.dir = Files.createTempDirectory("meridian-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command that runs the service in the foreground. */
    abstract List<String> command();

    /** Starts (or restarts) the service and waits until its port accepts connections. */
    void start() {
        try {
            process = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("service.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPort(true, Duration.ofSeconds(20));
    }

    /** SIGKILL: the service vanishes without a goodbye, as in a crash or an OOM kill. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
        awaitPort(false, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        try {
            stopQuietly();
        } finally {
            deleteTree(dir);
        }
    }

    void stopQuietly() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    void awaitPort(boolean open, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (accepts(port) == open) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException(
                getClass().getSimpleName() + " port " + port + (open ? " never opened" : " never closed"));
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to completion (at most 60 s); @throws IllegalStateException when it fails */
    static void run(List<String> command, Path log) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "exit " + p.exitValue() + ": " + command + "\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all =
                    new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                File file = path.toFile();
                if (!file.delete() && file.exists()) {
                    file.deleteOnExit();
                }
            }
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing a test over
        }
    }

    /** redis-server without persistence. */
    static final class Redis extends Throwaway {
        Redis() {
            super("redis");
        }

        @Override
        List<String> command() {
            return List.of(
                    "redis-server",
                    "--port",
                    String.valueOf(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    dir.toString());
        }

        String uri() {
            return "redis://127.0.0.1:" + port;
        }
    }

    /** nats-server with JetStream in the temporary directory. */
    static final class Nats extends Throwaway {
        Nats() {
            super("nats");
        }

        @Override
        List<String> command() {
            String binary =
                    Files.isExecutable(Path.of("/usr/sbin/nats-server")) ? "/usr/sbin/nats-server" : "nats-server";
            return List.of(
                    binary,
                    "-a",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(port),
                    "-js",
                    "-sd",
                    dir.resolve("js").toString());
        }

        String url() {
            return "nats://127.0.0.1:" + port;
        }
    }
}
