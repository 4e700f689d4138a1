package dev.muster.jobs;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust of the API client: the JDK's trusted authorities, or only the certificates of {@code --ca FILE}
 * (nginx's self-signed certificate of a node, /etc/nginx/ssl/muster.crt, is its own authority), or, with
 * {@code --insecure}, anything. Host names are checked against the certificate except with {@code --insecure}.
 */
final class Tls {

    private Tls() {
    }

    static SSLContext context(Path ca, boolean insecure) {
        if (ca != null && insecure) {
            throw new MusterException(null, "--ca and --insecure exclude each other", Failure.BAD_REQUEST, null);
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (insecure) {
                context.init(null, new TrustManager[] {new TrustingAnything()}, null);
            } else if (ca != null) {
                context.init(null, trustOnly(ca), null);
            } else {
                context.init(null, null, null);
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new MusterException(null, "cannot set up TLS: " + e.getMessage(), Failure.ERROR, e);
        }
    }

    private static TrustManager[] trustOnly(Path ca) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(ca)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new MusterException(null, "cannot read --ca " + ca + ": " + e.getMessage(), Failure.BAD_REQUEST, e);
        } catch (java.security.cert.CertificateException e) {
            throw new MusterException(null, "--ca " + ca + " holds no readable PEM certificate: " + e.getMessage(), Failure.BAD_REQUEST, e);
        }
        if (certificates.isEmpty()) {
            throw new MusterException(null, "--ca " + ca + " holds no certificate", Failure.BAD_REQUEST, null);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /**
     * --insecure: an extended trust manager that checks nothing. Being an X509ExtendedTrustManager matters: the JDK
     * then leaves host name checking to it, so a certificate made for another name is accepted too.
     */
    private static final class TrustingAnything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
