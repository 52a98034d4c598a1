package dev.bpftop.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PKI made with the openssl CLI for one test class: a CA, the agent's certificate
 * (RSA, for loopback and the given addresses), a client certificate from that CA (EC), and a
 * client certificate from another CA. Keys are PKCS#8 PEM, as openssl 3 writes them.
 */
final class TestPki {
    final Path dir;
    final Path ca, serverCert, serverKey, clientCert, clientKey, strangerCert, strangerKey;

    private TestPki(Path dir) {
        this.dir = dir;
        ca = dir.resolve("ca.pem");
        serverCert = dir.resolve("server.pem");
        serverKey = dir.resolve("server.key");
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
        strangerCert = dir.resolve("stranger.pem");
        strangerKey = dir.resolve("stranger.key");
    }

    /** @param addresses the IP addresses the agent's certificate names besides 127.0.0.1 */
    static TestPki make(Path dir, String... addresses) throws Exception {
        TestPki p = new TestPki(dir);
        StringBuilder san = new StringBuilder("subjectAltName=IP:127.0.0.1,DNS:localhost");
        for (String a : addresses) san.append(",IP:").append(a);
        p.ca("ca", "bpftop test CA");
        p.ca("other-ca", "someone else's CA");
        p.issue("ca", "server", "rsa:2048", "bpftop agent", san + "\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE");
        p.issue("ca", "client", "ec", "a fleet client", "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE");
        p.issue("other-ca", "stranger", "ec", "a stranger", "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE");
        return p;
    }

    /** The client's key and certificate, and the CA, as PKCS#12 files (what a JDBC tool such as DBeaver is given). */
    Path clientKeystore(String password) throws Exception {
        Path p12 = dir.resolve("client.p12");
        if (!Files.exists(p12)) openssl("pkcs12", "-export", "-in", clientCert.toString(), "-inkey", clientKey.toString(), "-out", p12.toString(),
                "-passout", "pass:" + password, "-name", "client");
        return p12;
    }

    Path truststore(String password) throws Exception {
        Path p12 = dir.resolve("trust.p12");
        if (!Files.exists(p12)) {
            Process p = new ProcessBuilder("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", ca.toString(), "-keystore", p12.toString(),
                    "-storetype", "PKCS12", "-storepass", password).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException("keytool: " + out);
        }
        return p12;
    }

    private void ca(String name, String cn) throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=" + cn,
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".pem").toString(),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void issue(String ca, String name, String key, String cn, String extensions) throws Exception {
        Path csr = dir.resolve(name + ".csr"), ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions + "\n");
        List<String> newkey = key.equals("ec") ? List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256") : List.of("-newkey", key);
        List<String> req = new java.util.ArrayList<>(List.of("req"));
        req.addAll(newkey);
        req.addAll(List.of("-nodes", "-subj", "/CN=" + cn, "-keyout", dir.resolve(name + ".key").toString(), "-out", csr.toString()));
        openssl(req.toArray(String[]::new));
        openssl("x509", "-req", "-in", csr.toString(), "-CA", dir.resolve(ca + ".pem").toString(), "-CAkey", dir.resolve(ca + ".key").toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", dir.resolve(name + ".pem").toString());
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        AgentProcess.Run r = AgentProcess.run(cmd, Map.of());
        if (r.exit() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + r.err());
    }
}
