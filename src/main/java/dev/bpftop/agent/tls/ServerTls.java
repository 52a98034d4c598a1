package dev.bpftop.agent.tls;

import java.nio.file.Path;
import java.security.KeyStore;

/**
 * The agent listener's TLS: its own certificate and key, and, for mutual TLS, the CAs whose
 * client certificates it accepts (a client without one is refused at the handshake).
 *
 * @param identity the agent's key and certificate chain
 * @param password the identity store's in-memory password
 * @param clientCa the CAs client certificates must chain to; null: no client certificate asked
 */
public record ServerTls(KeyStore identity, char[] password, KeyStore clientCa) {

    /** Whether a client proved who it is by its certificate before any request. */
    public boolean authenticatesClients() { return clientCa != null; }

    /**
     * Reads and checks the PEM files of {@code --tls-cert}, {@code --tls-key} and {@code --tls-client-ca}.
     * @return null when none is given
     * @throws IllegalArgumentException in one line, naming the option, when they do not fit
     */
    public static ServerTls load(Path cert, Path key, Path clientCa) {
        if (cert == null && key == null && clientCa == null) return null;
        if (cert == null && key == null) throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key: the agent's own certificate and key");
        if (cert == null || key == null) throw new IllegalArgumentException("--tls-cert and --tls-key go together (the agent's certificate and its key)");
        char[] password = KeyStores.password();
        KeyStore identity = KeyStores.identity("--tls-cert", cert, "--tls-key", key, password);
        return new ServerTls(identity, password, clientCa == null ? null : KeyStores.trust("--tls-client-ca", clientCa));
    }
}
