package dev.bpftop.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.agent.AgentProcess.Run;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's Avatica listener with real clients: Avatica's remote JDBC driver and sqlline over
 * loopback; a listener on a non-loopback address (a veth pair into a network namespace) that
 * refuses a request without its token.
 */
class RemoteTest {
    private static AgentProcess agent;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        agent = AgentProcess.start("--listen", "127.0.0.1:0");
        url = "jdbc:avatica:remote:url=http://127.0.0.1:" + port(agent) + ";serialization=JSON";
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) agent.close();
    }

    static int port(AgentProcess a) throws Exception {
        Matcher m = Pattern.compile(" and [^ ]*:(\\d+) ").matcher(Files.readString(a.dir.resolve("agent.log")));
        assertTrue(m.find(), Files.readString(a.dir.resolve("agent.log")));
        return Integer.parseInt(m.group(1));
    }

    private static Connection connect() throws SQLException {
        return new org.apache.calcite.avatica.remote.Driver().connect(url, new Properties());
    }

    @Test
    void avaticasRemoteDriverQueriesTheTablesAndEachStatementSeesAFreshSnapshot() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM processes WHERE pid = 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
            try (Spawned later = Spawned.start("sleep", "1000");
                 ResultSet rs = s.executeQuery("SELECT comm, exe FROM processes WHERE pid = " + later.pid())) {
                assertTrue(rs.next(), "a process started after the first statement is in the second one's snapshot");
                assertEquals("sleep", rs.getString(1));
                assertEquals(null, rs.getString(2), "no token asked: no process's links");
            }
            try (ResultSet rs = s.executeQuery("SELECT pid, username FROM top LIMIT 3")) {
                assertTrue(rs.next(), "the shipped views too");
            }
            SQLException freeze = assertThrows(SQLException.class, () -> s.executeQuery("FREEZE PID 1"));
            assertTrue(freeze.getMessage().contains("FREEZE refused over JDBC"), freeze.getMessage());
            SQLException bad = assertThrows(SQLException.class, () -> s.executeQuery("SELECT nosuchcolumn FROM processes"));
            assertTrue(bad.getMessage().contains("error at line 1, column 8"), bad.getMessage());
            SQLException drop = assertThrows(SQLException.class, () -> s.execute("DELETE FROM processes"));
            assertTrue(drop.getMessage().contains("read-only"), drop.getMessage());
        }
    }

    @Test
    void sqllineRunsAQueryNonInteractively() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run r = AgentProcess.run(List.of(java, "-cp", System.getProperty("java.class.path"), "sqlline.SqlLine",
                "-d", "org.apache.calcite.avatica.remote.Driver", "-u", url, "-n", "none", "-p", "none",
                "--outputformat=csv", "--showHeader=true", "-e", "SELECT pid, comm FROM processes WHERE pid = 1"), Map.of());
        assertEquals(0, r.exit(), r.err() + r.text());
        assertTrue(r.text().contains("'PID','COMM'") || r.text().toLowerCase().contains("'pid','comm'"), r.text());
        assertTrue(r.text().contains("'1',"), r.text());
    }

    @Test
    void bpftopConnectRunsStatementsOnTheAgent() throws Exception {
        String target = "http://127.0.0.1:" + port(agent);
        Run ok = AgentProcess.standalone("--connect", target, "--format", "csv", "-e", "SELECT count(*) AS n FROM processes WHERE pid = 1");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("n\n1\n", ok.text());
        Run bad = AgentProcess.standalone("--connect", target, "-e", "SELECT nosuchcolumn FROM processes");
        assertEquals(1, bad.exit());
        assertEquals("bpftop: error at line 1, column 8: Column 'NOSUCHCOLUMN' not found in any table\n".toLowerCase(), bad.err().toLowerCase());
        Run freeze = AgentProcess.standalone("--connect", target, "-e", "FREEZE PID 1");
        assertEquals(1, freeze.exit());
        assertTrue(freeze.err().contains("FREEZE refused over JDBC"), freeze.err());
        Run down = AgentProcess.standalone("--connect", "http://127.0.0.1:1", "-e", "SELECT 1");
        assertEquals(1, down.exit());
        assertTrue(down.err().startsWith("bpftop: ") && down.err().contains("http://127.0.0.1:1") && down.err().lines().count() == 1, down.err());
    }

    @Test
    void fleetQueriesUnionAgentsWithAHostColumnAndNameOneThatStopped() throws Exception {
        try (AgentProcess second = AgentProcess.start("--listen", "127.0.0.1:0");
             AgentProcess third = AgentProcess.start("--listen", "127.0.0.1:0")) {
            List<String> hosts = List.of("127.0.0.1:" + port(agent), "127.0.0.1:" + port(second), "127.0.0.1:" + port(third));
            String[] args = {"--hosts", String.join(",", hosts), "--format", "csv", "--no-header", "-e",
                    "SELECT host, count(*) AS n FROM fleet.processes WHERE pid = 1 GROUP BY host ORDER BY host"};
            Run all = AgentProcess.standalone(args);
            assertEquals(0, all.exit(), all.err());
            assertEquals(hosts.stream().sorted().map(h -> h + ",1\n").reduce("", String::concat), all.text());

            third.process.destroy();
            third.process.waitFor();
            long t0 = System.nanoTime();
            Run two = AgentProcess.standalone(args);
            assertTrue(System.nanoTime() - t0 < java.util.concurrent.TimeUnit.SECONDS.toNanos(60), "never hangs");
            assertEquals(0, two.exit(), two.err());
            assertTrue(two.err().startsWith("bpftop: host " + hosts.get(2) + " is down"), two.err());
            assertEquals(hosts.subList(0, 2).stream().sorted().map(h -> h + ",1\n").reduce("", String::concat), two.text());
        }
    }

    @Test
    void beyondLoopbackARequestWithoutTheTokenIsRefused() throws Exception {
        // An address on a veth pair, its other end in a namespace of its own: a real non-loopback peer.
        try (Veth veth = Veth.create(231)) {
            String host = veth.host, ns = veth.ns;
            // No token file: the agent refuses to listen there at all.
            Run refused = AgentProcess.run(List.of(AgentProcess.BPFTOP.toString(), "agent", "--socket", agent.dir.resolve("n.sock").toString(),
                    "--listen", host + ":0"), Map.of());
            assertEquals(1, refused.exit(), refused.err());
            assertTrue(refused.err().contains("is not a loopback address: give --token-file"), refused.err());
            // TLS alone (no client certificates asked) tells no client from another: refused too.
            TestPki pki = TestPki.make(Files.createDirectories(agent.dir.resolve("pki")), host);
            Run plainTls = AgentProcess.run(List.of(AgentProcess.BPFTOP.toString(), "agent", "--socket", agent.dir.resolve("n.sock").toString(),
                    "--listen", host + ":0", "--tls-cert", pki.serverCert.toString(), "--tls-key", pki.serverKey.toString()), Map.of());
            assertEquals(1, plainTls.exit(), plainTls.err());
            assertTrue(plainTls.err().contains("is not a loopback address: give --token-file, --tls-client-ca"), plainTls.err());

            Path token = agent.dir.resolve("token");
            Files.writeString(token, "s3cret-token-for-the-test-0123456789\n");
            try (AgentProcess remote = AgentProcess.start("--listen", host + ":0", "--token-file", token.toString())) {
                String target = "http://" + host + ":" + port(remote) + "/";
                String body = "{\"request\":\"openConnection\",\"connectionId\":\"c1\"}";
                assertEquals("401", curl(ns, target, body), "no token");
                assertEquals("401", curl(ns, target, body, "-H", "Authorization: Bearer wrong-token-of-the-same-length-0123"), "a wrong token");
                assertEquals("200", curl(ns, target, body, "-H", "Authorization: Bearer s3cret-token-for-the-test-0123456789"));
                assertEquals("200", curl(ns, target, "{\"request\":\"openConnection\",\"connectionId\":\"c2\"}",
                        "-u", "anyone:s3cret-token-for-the-test-0123456789"), "Basic, as Avatica's driver sends it");
                // Avatica's driver sends Basic credentials only when challenged for them: --connect and --hosts with the token file.
                Run connected = AgentProcess.standalone("--connect", "http://" + host + ":" + port(remote), "--token-file", token.toString(),
                        "--format", "csv", "-e", "SELECT count(*) AS n FROM processes WHERE pid = 1");
                assertEquals(0, connected.exit(), connected.err());
                assertEquals("n\n1\n", connected.text());
                Run fleet = AgentProcess.standalone("--hosts", host + ":" + port(remote), "--token-file", token.toString(), "--format", "csv",
                        "--no-header", "-e", "SELECT host, count(*) FROM fleet.processes WHERE pid = 1 GROUP BY host");
                assertEquals(0, fleet.exit(), fleet.err());
                assertEquals(host + ":" + port(remote) + ",1\n", fleet.text());
                assertTrue(!Files.readString(remote.dir.resolve("agent.log")).contains("s3cret"), "the token is never logged");
            }
        }
    }

    private static String curl(String ns, String url, String body, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "20", "-H", "Content-Type: application/json", "--data", body));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Run r = AgentProcess.run(cmd, Map.of());
        return r.text().strip();
    }

    @Test
    void theListenerNeedsAValidAddress() throws Exception {
        Run r = AgentProcess.run(List.of(AgentProcess.BPFTOP.toString(), "agent", "--socket", agent.dir.resolve("x.sock").toString(),
                "--listen", "127.0.0.1:99999"), Map.of());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("out of range"), r.err());
    }
}
