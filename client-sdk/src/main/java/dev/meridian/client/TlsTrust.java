package dev.meridian.client;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which server certificates the client accepts, the same for REST, WebSocket ({@code wss}) and gRPC: the JVM's
 * certificate authorities, or only the CA certificates of one PEM file (a private CA, a self-signed server).
 */
final class TlsTrust {
    private final Optional<X509Certificate[]> authorities;

    private TlsTrust(Optional<X509Certificate[]> authorities) {
        this.authorities = authorities;
    }

    static TlsTrust system() {
        return new TlsTrust(Optional.empty());
    }

    /** @throws IllegalArgumentException when the file cannot be read or holds no certificate */
    static TlsTrust of(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> read =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + pemFile);
            }
            return new TlsTrust(
                    Optional.of(read.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the certificates of " + pemFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not PEM certificates: " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** For the JDK HttpClient (REST and WebSocket). */
    SSLContext jdk() {
        try {
            if (authorities.isEmpty()) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    /** For gRPC over Netty: ALPN {@code h2}, as gRPC requires. */
    SslContext grpc() {
        try {
            var builder = GrpcSslContexts.forClient();
            authorities.ifPresent(builder::trustManager);
            return builder.build();
        } catch (SSLException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TrustManagerFactory trustManagers() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            X509Certificate[] certificates = authorities.orElseThrow();
            for (int i = 0; i < certificates.length; i++) {
                store.setCertificateEntry("ca-" + i, certificates[i]);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException e) {
            throw new IllegalStateException("an empty key store cannot fail to load", e);
        }
    }
}
