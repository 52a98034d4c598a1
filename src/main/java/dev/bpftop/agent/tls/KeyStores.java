package dev.bpftop.agent.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * PEM files as in-memory PKCS#12 key stores, the form Jetty's SslContextFactory (the agent) and
 * Avatica's remote driver (clients, through a file) take. A store's password only guards it in
 * memory or in a private scratch file: a random one per run.
 */
public final class KeyStores {
    private KeyStores() {}

    /** A random password for a store that lives only as long as this process. */
    public static char[] password() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b).toCharArray();
    }

    /** The certificate chain in {@code certFile} with the key in {@code keyFile}, checked to be its pair. */
    public static KeyStore identity(String certOption, Path certFile, String keyOption, Path keyFile, char[] password) {
        List<X509Certificate> chain = Pem.certificates(certOption, certFile);
        PrivateKey key = Pem.privateKey(keyOption, keyFile, chain.getFirst());
        KeyStore store = empty();
        try {
            store.setKeyEntry("bpftop", key, password, chain.toArray(X509Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(certOption + " " + certFile + ": cannot use it (" + e.getMessage() + ")");
        }
        return store;
    }

    /** Every certificate in {@code caFile} as a trusted one (a CA bundle). */
    public static KeyStore trust(String option, Path caFile) {
        KeyStore store = empty();
        int i = 0;
        for (X509Certificate ca : Pem.certificates(option, caFile)) {
            try {
                store.setCertificateEntry("ca-" + i++, ca);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(option + " " + caFile + ": cannot use it (" + e.getMessage() + ")");
            }
        }
        return store;
    }

    /** Writes the store to a new file only its owner may read. */
    public static void write(KeyStore store, char[] password, Path file) throws IOException {
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write a key store: " + e.getMessage(), e);
        }
    }

    private static KeyStore empty() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK has no PKCS12 key store: " + e.getMessage(), e);
        }
    }
}
