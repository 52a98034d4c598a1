package dev.bpftop.cli;

import dev.bpftop.agent.tls.KeyStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Properties;
import org.apache.calcite.avatica.ConnectStringParser;

/**
 * `--tls-cert`, `--tls-key` and `--tls-ca` of `--connect` and `--hosts`: the client certificate
 * for an agent with mutual TLS, and the CAs to trust its certificate by. Avatica's remote driver
 * reads key stores from files only (its `keystore` and `truststore` URL properties), so the PEM
 * files become PKCS#12 stores with a random password in a directory only this user may enter,
 * removed at close.
 */
final class ClientTls implements AutoCloseable {
    static final ClientTls NONE = new ClientTls(null, "");

    private final Path dir;
    private final String properties;

    private ClientTls(Path dir, String properties) {
        this.dir = dir;
        this.properties = properties;
    }

    /**
     * @return {@link #NONE} when no option is given
     * @throws IllegalArgumentException in one line, naming the option, for a file that does not fit
     */
    static ClientTls open(Path cert, Path key, Path ca) throws IOException {
        if (cert == null && key == null && ca == null) return NONE;
        if ((cert == null) != (key == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together (the client certificate and its key)");
        char[] password = KeyStores.password();
        KeyStore identity = cert == null ? null : KeyStores.identity("--tls-cert", cert, "--tls-key", key, password);
        KeyStore trust = ca == null ? null : KeyStores.trust("--tls-ca", ca);
        Path dir = Files.createTempDirectory("bpftop-tls", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        dir.toFile().deleteOnExit(); // and its files, registered later so deleted first: also when stopped by a signal
        Properties p = new Properties();
        p.setProperty("keystore_type", "PKCS12");
        String pw = new String(password);
        try {
            if (identity != null) {
                p.setProperty("keystore", store(dir.resolve("client.p12"), identity, password));
                p.setProperty("keystore_password", pw);
                p.setProperty("key_password", pw);
            }
            if (trust != null) {
                p.setProperty("truststore", store(dir.resolve("ca.p12"), trust, password));
                p.setProperty("truststore_password", pw);
            }
        } catch (IOException | RuntimeException e) {
            new ClientTls(dir, "").close();
            throw e;
        }
        return new ClientTls(dir, ";" + ConnectStringParser.getParamString(p));
    }

    private static String store(Path file, KeyStore store, char[] password) throws IOException {
        KeyStores.write(store, password, file);
        file.toFile().deleteOnExit();
        return file.toString();
    }

    /** The scheme an agent's HOST:PORT is reached by: https once any TLS option is given. */
    String scheme() { return dir == null ? "http" : "https"; }

    /** The Avatica JDBC URL with the stores' properties added. */
    String url(String jdbcUrl) { return jdbcUrl + properties; }

    @Override
    public void close() throws IOException {
        if (dir == null) return;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }
}
