package dev.bpftop.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bpftop.agent.AgentProcess.Run;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.Spawned;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's listener over mutual TLS, with a PKI made by openssl for the run: Avatica's remote
 * JDBC driver, curl, `bpftop --connect`, a fleet and a real Prometheus present the client
 * certificate and are served; without one, or with one from another CA, the handshake fails and
 * bpftop says so in one line. Beyond loopback, client certificates alone let the agent listen.
 */
class TlsTest {
    private static final int SUBNET = 232;
    private static final String TOKEN = "tls-and-a-token-0123456789abcdef";
    private static Path dir;
    private static TestPki pki;
    private static AgentProcess agent;
    private static String https;

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        Require.that(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl");
        dir = Files.createTempDirectory("bpftop-tls-test");
        pki = TestPki.make(dir, veth().host);
        agent = AgentProcess.start("--listen", "127.0.0.1:0", "--tls-cert", pki.serverCert.toString(), "--tls-key", pki.serverKey.toString(),
                "--tls-client-ca", pki.ca.toString());
        https = "https://127.0.0.1:" + RemoteTest.port(agent);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) agent.close();
        if (veth != null) veth.close();
        if (dir != null) AgentProcess.run(List.of("rm", "-rf", dir.toString()), Map.of());
    }

    private static Veth veth;

    /** Made once: the agent's certificate names its address. */
    private static Veth veth() throws Exception {
        if (veth == null) veth = Veth.create(SUBNET);
        return veth;
    }

    @Test
    void avaticasDriverWithTheClientCertificateIsServedAsAnAuthenticatedClient() throws Exception {
        String url = "jdbc:avatica:remote:url=" + https + ";serialization=JSON;truststore=" + pki.truststore("trustpass")
                + ";truststore_password=trustpass;keystore=" + pki.clientKeystore("keypass") + ";keystore_password=keypass;key_password=keypass";
        try (Connection c = new org.apache.calcite.avatica.remote.Driver().connect(url, new Properties()); Statement s = c.createStatement();
             Spawned sleeper = Spawned.start("sleep", "1000");
             ResultSet rs = s.executeQuery("SELECT comm, exe FROM processes WHERE pid = " + sleeper.pid())) {
            assertTrue(rs.next());
            assertEquals("sleep", rs.getString(1));
            assertTrue(rs.getString(2) != null && rs.getString(2).endsWith("/sleep"), "a client certificate sees what root sees: " + rs.getString(2));
        }
        String noCertificate = "jdbc:avatica:remote:url=" + https + ";serialization=JSON;truststore=" + pki.truststore("trustpass")
                + ";truststore_password=trustpass";
        Exception refused = assertThrows(Exception.class, () -> new org.apache.calcite.avatica.remote.Driver().connect(noCertificate, new Properties()));
        // TLS 1.3: the client's side of the handshake is done before the agent judges it, so the
        // refusal reaches the client as the agent's alert or as the connection closed under its request.
        assertTrue(causes(refused).matches(".*(certificate_required|Broken pipe|Connection reset).*"), causes(refused));
    }

    @Test
    void curlIsServedWithTheCertificateAndRefusedAtTheHandshakeWithout() throws Exception {
        String metrics = https + "/metrics";
        assertEquals("200", curl(metrics, "--cert", pki.clientCert.toString(), "--key", pki.clientKey.toString()));
        assertEquals("000", curl(metrics), "no client certificate: no HTTP at all");
        assertEquals("000", curl(metrics, "--cert", pki.strangerCert.toString(), "--key", pki.strangerKey.toString()), "another CA's client");
    }

    @Test
    void bpftopConnectPresentsTheCertificateAndFailsInOneLineWithout() throws Exception {
        String[] mine = {"--tls-cert", pki.clientCert.toString(), "--tls-key", pki.clientKey.toString(), "--tls-ca", pki.ca.toString()};
        Run ok = connect(https, mine, "--format", "csv", "-e", "SELECT count(*) AS n FROM processes WHERE pid = 1");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("", ok.err());
        assertEquals("n\n1\n", ok.text());
        try (var tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertFalse(tmp.anyMatch(p -> p.getFileName().toString().startsWith("bpftop-tls") && !p.equals(dir)), "the client's scratch key stores are gone");
        }

        Run none = connect(https, new String[] {"--tls-ca", pki.ca.toString()}, "-e", "SELECT 1");
        oneLine(none, 1, "bpftop: cannot connect to " + https + ": TLS: the agent ");
        assertTrue(none.err().contains("signed by its --tls-client-ca (--tls-cert, --tls-key)"), none.err());
        Run stranger = connect(https, new String[] {"--tls-cert", pki.strangerCert.toString(), "--tls-key", pki.strangerKey.toString(),
                "--tls-ca", pki.ca.toString()}, "-e", "SELECT 1");
        oneLine(stranger, 1, "bpftop: cannot connect to " + https + ": TLS: the agent ");
        assertTrue(stranger.err().contains("signed by its --tls-client-ca (--tls-cert, --tls-key)"), stranger.err());
        Run untrusted = connect(https, new String[] {"--tls-cert", pki.clientCert.toString(), "--tls-key", pki.clientKey.toString()}, "-e", "SELECT 1");
        oneLine(untrusted, 1, "bpftop: cannot connect to " + https + ": TLS: the agent's certificate is not signed by a CA given with --tls-ca");
        Run plain = connect(https.replace("https:", "http:"), new String[] {"--tls-ca", pki.ca.toString()}, "-e", "SELECT 1");
        oneLine(plain, 2, "bpftop: --tls-cert, --tls-key and --tls-ca are for an https:// agent");
    }

    @Test
    void badFilesAreOneLineAndExitStatus2() throws Exception {
        Path traditional = dir.resolve("traditional.key");
        AgentProcess.run(List.of("openssl", "pkey", "-in", pki.clientKey.toString(), "-traditional", "-out", traditional.toString()), Map.of());
        assertTrue(Files.readString(traditional).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        String cert = pki.serverCert.toString(), key = pki.serverKey.toString();
        oneLine(agentWith("--tls-cert", dir.resolve("missing.pem").toString(), "--tls-key", key), 2, "bpftop: agent: --tls-cert ");
        assertTrue(agentWith("--tls-cert", dir.resolve("missing.pem").toString(), "--tls-key", key).err().contains("missing.pem: no such file"));
        oneLine(agentWith("--tls-cert", cert, "--tls-key", pki.clientKey.toString()), 2, "bpftop: agent: --tls-key " + pki.clientKey + ": the key does not match the certificate");
        oneLine(agentWith("--tls-cert", cert), 2, "bpftop: agent: --tls-cert and --tls-key go together");
        oneLine(agentWith("--tls-client-ca", pki.ca.toString()), 2, "bpftop: agent: --tls-client-ca needs --tls-cert and --tls-key");
        oneLine(agentWith("--tls-cert", cert, "--tls-key", pki.serverCert.toString()), 2, "bpftop: agent: --tls-key " + pki.serverCert + ": no private key in it");
        oneLine(agentWith("--tls-cert", pki.serverKey.toString(), "--tls-key", key), 2, "bpftop: agent: --tls-cert " + pki.serverKey + ": ");
        oneLine(connect(https, new String[] {"--tls-cert", pki.clientCert.toString(), "--tls-key", traditional.toString()}, "-e", "SELECT 1"), 2,
                "bpftop: --tls-key " + traditional + ": a key in OpenSSL's traditional format (BEGIN EC PRIVATE KEY); convert it with: openssl pkcs8 -topk8");
        oneLine(connect(https, new String[] {"--tls-ca", dir.resolve("nope.pem").toString()}, "-e", "SELECT 1"), 2,
                "bpftop: --tls-ca " + dir.resolve("nope.pem") + ": no such file");
    }

    @Test
    void aTokenAndClientCertificatesTogetherAndAFleetOverBoth() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        try (AgentProcess both = AgentProcess.start("--listen", "127.0.0.1:0", "--tls-cert", pki.serverCert.toString(), "--tls-key",
                pki.serverKey.toString(), "--tls-client-ca", pki.ca.toString(), "--token-file", token.toString())) {
            String metrics = "https://127.0.0.1:" + RemoteTest.port(both) + "/metrics";
            assertEquals("401", curl(metrics, "--cert", pki.clientCert.toString(), "--key", pki.clientKey.toString()), "a certificate but no token");
            assertEquals("200", curl(metrics, "--cert", pki.clientCert.toString(), "--key", pki.clientKey.toString(), "-H", "Authorization: Bearer " + TOKEN));
            assertEquals("000", curl(metrics, "-H", "Authorization: Bearer " + TOKEN), "a token but no certificate");

            String[] mine = {"--token-file", token.toString(), "--tls-cert", pki.clientCert.toString(), "--tls-key", pki.clientKey.toString(),
                    "--tls-ca", pki.ca.toString()};
            Run one = connect("https://127.0.0.1:" + RemoteTest.port(both), mine, "--format", "csv", "-e", "SELECT count(*) AS n FROM processes WHERE pid = 1");
            assertEquals(0, one.exit(), one.err());
            assertEquals("n\n1\n", one.text(), "--connect with both the token and the certificate");

            List<String> hosts = List.of("127.0.0.1:" + RemoteTest.port(agent), "127.0.0.1:" + RemoteTest.port(both));
            List<String> options = new ArrayList<>(List.of("--hosts", String.join(",", hosts)));
            options.addAll(List.of(mine));
            Run fleet = connect(null, options.toArray(String[]::new), "--format", "csv", "--no-header", "-e", "SELECT host, count(*) FROM fleet.processes WHERE pid = 1 GROUP BY host ORDER BY host");
            assertEquals(0, fleet.exit(), fleet.err());
            assertEquals(hosts.stream().sorted().map(h -> h + ",1\n").reduce("", String::concat), fleet.text());
        }
    }

    @Test
    void beyondLoopbackClientCertificatesAloneLetTheAgentListen() throws Exception {
        Veth v = veth();
        try (AgentProcess remote = AgentProcess.start("--listen", v.host + ":0", "--tls-cert", pki.serverCert.toString(), "--tls-key",
                pki.serverKey.toString(), "--tls-client-ca", pki.ca.toString())) {
            String metrics = "https://" + v.host + ":" + RemoteTest.port(remote) + "/metrics";
            assertEquals("200", curlIn(v, metrics, "--cert", pki.clientCert.toString(), "--key", pki.clientKey.toString()), "from " + v.peer);
            assertEquals("000", curlIn(v, metrics), "no certificate");
            assertEquals("000", curlIn(v, metrics, "--cert", pki.strangerCert.toString(), "--key", pki.strangerKey.toString()), "another CA's");
        }
    }

    @Test
    void prometheusScrapesWithItsClientCertificate() throws Exception {
        Require.that(Files.isExecutable(Path.of("/usr/bin/prometheus")), "Debian's prometheus (bin/build installs it)");
        int web;
        try (ServerSocket s = new ServerSocket(0)) {
            web = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: bpftop-tls
                    scheme: https
                    tls_config:
                      ca_file: %s
                      cert_file: %s
                      key_file: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(pki.ca, pki.clientCert, pki.clientKey, RemoteTest.port(agent)));
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + web).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            String api = "http://127.0.0.1:" + web + "/api/v1/query?query=";
            JsonNode up = MetricsTest.await(api + URLEncoder.encode("up{job=\"bpftop-tls\"} == 1", StandardCharsets.UTF_8), null);
            assertEquals("1", up.get("value").get(1).asText(), "the scrape over mutual TLS succeeded");
            JsonNode processes = MetricsTest.await(api + URLEncoder.encode("bpftop_processes{job=\"bpftop-tls\"}", StandardCharsets.UTF_8), null);
            assertTrue(Double.parseDouble(processes.get("value").get(1).asText()) > 10, processes.toString());
        } finally {
            prometheus.destroy();
            prometheus.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void oneLine(Run r, int exit, String prefix) {
        assertEquals(exit, r.exit(), r.err());
        assertTrue(r.err().startsWith(prefix), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    private static Run agentWith(String... tls) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(AgentProcess.BPFTOP.toString(), "agent", "--socket", dir.resolve("bad.sock").toString(),
                "--listen", "127.0.0.1:0"));
        cmd.addAll(List.of(tls));
        return AgentProcess.run(cmd, Map.of());
    }

    /** bin/bpftop --connect URL (or, with URL null, the options alone) with the TLS options and then args. */
    private static Run connect(String url, String[] tls, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (url != null) cmd.addAll(List.of("--connect", url));
        cmd.addAll(List.of(tls));
        cmd.addAll(List.of(args));
        return AgentProcess.standalone(cmd.toArray(String[]::new));
    }

    private static String curl(String url, String... extra) throws Exception {
        return curlVia(List.of(), url, extra);
    }

    private static String curlIn(Veth v, String url, String... extra) throws Exception {
        return curlVia(v.inside(), url, extra);
    }

    /** The HTTP status curl got, trusting the test CA: 000 when the TLS handshake failed. */
    private static String curlVia(List<String> prefix, String url, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20", "--cacert", pki.ca.toString()));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        return AgentProcess.run(cmd, Map.of()).text().strip();
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) b.append(t).append(" <- ");
        return b.toString();
    }
}
