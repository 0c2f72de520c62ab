package dev.meridian.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS-terminating proxy in front of a plaintext port, as a load balancer puts in front of the world in production:
 * a self-signed certificate for 127.0.0.1 (made with the JDK's keytool), ALPN {@code h2} for gRPC and
 * {@code http/1.1} for WebSocket, bytes passed through unchanged.
 */
public final class TlsProxy implements AutoCloseable {
    private static final String PASSWORD = "test-only";

    private final CuttableProxy relay;
    private final Path certificate;

    private TlsProxy(CuttableProxy relay, Path certificate) {
        this.relay = relay;
        this.certificate = certificate;
    }

    /**
     * Listens at once on a free loopback port, with a new certificate in {@code dir}.
     *
     * @param upstreamPort the plaintext port, asked for each connection (so the proxy can start before the server)
     */
    public static TlsProxy start(Path dir, IntSupplier upstreamPort) {
        try {
            Path keyStore = dir.resolve("server.p12");
            Path certificate = dir.resolve("server.pem");
            keytool(
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "server",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    certificate.toString());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(managers.getKeyManagers(), null, null);
            SSLServerSocket listener = (SSLServerSocket)
                    tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            SSLParameters parameters = listener.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            listener.setSSLParameters(parameters);
            return new TlsProxy(new CuttableProxy(listener, upstreamPort), certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return relay.port();
    }

    /** The self-signed certificate (PEM) a client must trust. */
    public Path certificate() {
        return certificate;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(Stream.concat(Stream.of(keytool.toString()), Stream.of(arguments))
                        .toList())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + List.of(arguments) + " failed: " + output);
        }
    }

    @Override
    public void close() {
        relay.close();
    }
}
