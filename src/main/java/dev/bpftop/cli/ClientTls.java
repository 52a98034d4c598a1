package dev.bpftop.cli;

import dev.bpftop.agent.tls.KeyStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;

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
        StringBuilder p = new StringBuilder(";keystore_type=PKCS12");
        String pw = new String(password);
        try {
            if (identity != null) {
                KeyStores.write(identity, password, dir.resolve("client.p12"));
                dir.resolve("client.p12").toFile().deleteOnExit();
                p.append(";keystore=").append(dir.resolve("client.p12")).append(";keystore_password=").append(pw).append(";key_password=").append(pw);
            }
            if (trust != null) {
                KeyStores.write(trust, password, dir.resolve("ca.p12"));
                dir.resolve("ca.p12").toFile().deleteOnExit();
                p.append(";truststore=").append(dir.resolve("ca.p12")).append(";truststore_password=").append(pw);
            }
        } catch (IOException | RuntimeException e) {
            new ClientTls(dir, "").close();
            throw e;
        }
        return new ClientTls(dir, p.toString());
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
