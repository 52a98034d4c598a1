package dev.bpftop.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.agent.AgentProcess.Run;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path end to end: a real agent, the real C client, and the same command line run
 * standalone, compared byte for byte; a non-root peer (nobody, through setpriv) and what it may
 * see and change; Ctrl-C on the client.
 */
class AgentTest {
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
    private static AgentProcess agent;
    private static Spawned rootSleeper;
    private static Spawned nobodySleeper;
    private static Path cwd;

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        agent = AgentProcess.start("--allow-control");
        // The test lets nobody connect; the agent itself makes its socket 0660, group bpftop.
        Files.setPosixFilePermissions(agent.socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        cwd = Files.createDirectories(agent.dir.resolve("work\tdir"));
        // argv[0] with a tab, an escape sequence and a byte that is not UTF-8: sanitised on a terminal, faithful in a pipe.
        rootSleeper = Spawned.start("bash", "-c", "cd '" + cwd + "' && exec -a $'sle\\tep\\e[31m\\xff' sleep 1000");
        nobodySleeper = Spawned.start("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "sleep", "1000");
        for (Spawned s : List.of(rootSleeper, nobodySleeper)) {
            Path comm = Path.of("/proc", Integer.toString(s.pid()), "comm");
            while (!Files.readString(comm).strip().equals("sleep")) Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (rootSleeper != null) rootSleeper.close();
        if (nobodySleeper != null) nobodySleeper.close();
        if (agent != null) agent.close();
    }

    private static String sleepers() {
        return "SELECT pid, ppid, comm, cmdline, exe, cwd, uid, username, nice, kernel_thread FROM processes WHERE pid IN ("
                + rootSleeper.pid() + ", " + nobodySleeper.pid() + ") ORDER BY pid";
    }

    private static void assertSame(Run standalone, Run viaAgent) {
        assertEquals(standalone.err(), viaAgent.err(), "stderr");
        assertArrayEquals(standalone.out(), viaAgent.out(), () -> "stdout: standalone\n" + standalone.text() + "agent\n" + viaAgent.text());
        assertEquals(standalone.exit(), viaAgent.exit(), "exit status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"table", "csv", "tsv", "json", "jsonl", "line"})
    void everyFormatIsByteForByteTheStandaloneOutput(String format) throws Exception {
        String[] args = {"--format", format, "-e", sleepers()};
        Run viaAgent = agent.client(List.of(), args);
        assertEquals(0, viaAgent.exit(), viaAgent.err());
        assertTrue(viaAgent.text().contains(Integer.toString(rootSleeper.pid())), viaAgent.text());
        assertSame(AgentProcess.standalone(args), viaAgent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT nosuchcolumn FROM processes", "SELECT pid FROM processes WHERE pid = 1 ORDER BY pid DESK",
            "SELECT 1 / 0", "FREEZE PID 1"})
    void aBadStatementIsTheSameLineAndStatus(String statement) throws Exception {
        String[] args = {"--format", "csv", "-e", "SELECT 42 AS answer", "-e", statement, "-e", "SELECT 43"};
        Run viaAgent = agent.client(List.of(), args);
        assertEquals(1, viaAgent.exit(), viaAgent.err());
        assertSame(AgentProcess.standalone(args), viaAgent);
    }

    @Test
    void aUsageErrorIsTheSameLineAndStatus() throws Exception {
        for (String[] args : List.of(new String[] {"--format", "xml", "-e", "SELECT 1"}, new String[] {"--sample", "99999", "-e", "SELECT 1"},
                new String[] {"--timeout", "forever", "-e", "SELECT 1"})) {
            Run viaAgent = agent.client(List.of(), args);
            assertEquals(2, viaAgent.exit(), viaAgent.err());
            assertSame(AgentProcess.standalone(args), viaAgent);
        }
    }

    @Test
    void aTerminalGetsTheClientsWidthAndEscapes() throws Exception {
        // script(1) gives both runs a terminal of their own; COLUMNS fixes its width.
        String query = "SELECT pid, cmdline, cwd FROM processes WHERE pid = " + rootSleeper.pid();
        String viaAgent = onTerminal("BPFTOP_AGENT_SOCKET=" + agent.socket + " BPFTOP_LAUNCHER=/nonexistent " + AgentProcess.CLIENT, query);
        String standalone = onTerminal("BPFTOP_AGENT_SOCKET= " + AgentProcess.BPFTOP, query);
        assertTrue(viaAgent.contains("\\t") && viaAgent.contains("\\x1b"), viaAgent);
        assertFalse(viaAgent.contains("\u001b[31m"), "no raw escape reaches the terminal");
        assertEquals(standalone, viaAgent);
    }

    private static String onTerminal(String command, String query) throws Exception {
        Run r = AgentProcess.run(List.of("script", "-qec", "COLUMNS=40 " + command + " -e \"" + query + "\"", "/dev/null"), Map.of());
        assertEquals(0, r.exit(), r.err());
        return r.text();
    }

    @Test
    void binBpftopAsksTheAgentWithoutStartingAJvm() throws Exception {
        Path trace = agent.dir.resolve("execve.log");
        Run r = AgentProcess.run(List.of("strace", "-f", "-qq", "-e", "trace=execve", "-o", trace.toString(),
                AgentProcess.BPFTOP.toString(), "--format", "csv", "-e", "SELECT 7 AS seven"), Map.of("BPFTOP_AGENT_SOCKET", agent.socket.toString()));
        assertEquals("seven\n7\n", r.text(), r.err());
        String execs = Files.readString(trace);
        assertTrue(execs.contains("bpftop-client"), execs);
        assertFalse(execs.contains("/java\""), "no JVM started: " + execs);
        Run standalone = AgentProcess.run(List.of("strace", "-f", "-qq", "-e", "trace=execve", "-o", trace.toString(),
                AgentProcess.BPFTOP.toString(), "--no-agent", "--format", "csv", "-e", "SELECT 7 AS seven"), Map.of("BPFTOP_AGENT_SOCKET", agent.socket.toString()));
        assertEquals("seven\n7\n", standalone.text(), standalone.err());
        assertTrue(Files.readString(trace).contains("/java\""), "--no-agent runs the JVM");
    }

    @Test
    void aNonRootPeerSeesNoOtherUsersLinksOrIo() throws Exception {
        String query = "SELECT pid, exe IS NULL, cwd IS NULL, root IS NULL, read_bytes IS NULL, pid_ns IS NULL FROM processes WHERE pid IN ("
                + rootSleeper.pid() + ", " + nobodySleeper.pid() + ") ORDER BY pid";
        Run nobody = agent.client(AS_NOBODY, "--format", "csv", "--no-header", "-e", query);
        assertEquals(0, nobody.exit(), nobody.err());
        List<String> expected = new ArrayList<>();
        for (Spawned s : List.of(rootSleeper, nobodySleeper).stream().sorted((a, b) -> Integer.compare(a.pid(), b.pid())).toList()) {
            expected.add(s.pid() + (s == rootSleeper ? ",true,true,true,true,true" : ",false,false,false,false,false"));
        }
        assertEquals(String.join("\n", expected) + "\n", nobody.text());
        Run root = agent.client(List.of(), "--format", "csv", "--no-header", "-e", query);
        assertFalse(root.text().contains(rootSleeper.pid() + ",true"), "root sees root's: " + root.text());
        // A thread of another user's process is hidden alike.
        String threadIo = "SELECT count(*) FROM threads WHERE pid = " + rootSleeper.pid() + " AND read_bytes IS NOT NULL";
        Run threads = agent.client(AS_NOBODY, "--format", "csv", "--no-header", "-e", threadIo);
        assertEquals("0\n", threads.text(), threads.err());
        assertEquals("1\n", agent.client(List.of(), "--format", "csv", "--no-header", "-e", threadIo).text(), "root sees it");
    }

    @Test
    void aNonRootPeerMayNotFreezeARootOwnedCgroupButMayFreezeItsOwn() throws Exception {
        Require.cgroupV2();
        try (ScratchCgroup mine = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-agent"));
             Spawned victim = Spawned.start("sleep", "1000")) {
            mine.add(victim.pid());
            Run refused = agent.client(AS_NOBODY, "--yes", "-e", "FREEZE CGROUP '" + mine.path() + "'");
            assertEquals(1, refused.exit(), refused.err());
            assertTrue(refused.err().contains("FREEZE refused: cgroup " + mine.path() + " is not owned by uid 65534"), refused.err());
            assertEquals("0", Files.readString(mine.dir().resolve("cgroup.freeze")).strip(), "nothing changed");

            // Delegated to nobody (as systemd delegates a user's subtree): now it may.
            Files.setAttribute(mine.dir(), "unix:uid", 65534);
            Run frozen = agent.client(AS_NOBODY, "--yes", "--format", "csv", "-e", "FREEZE CGROUP '" + mine.path() + "'");
            assertEquals(0, frozen.exit(), frozen.err());
            assertEquals("1", Files.readString(mine.dir().resolve("cgroup.freeze")).strip());
            Run thawed = agent.client(AS_NOBODY, "--yes", "--format", "csv", "-e", "THAW CGROUP '" + mine.path() + "'");
            assertEquals(0, thawed.exit(), thawed.err());
            assertEquals("0", Files.readString(mine.dir().resolve("cgroup.freeze")).strip());
        }
    }

    @Test
    void ctrlCOnTheClientCancelsTheStatementInTheAgent() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(AgentProcess.CLIENT.toString(), "-e",
                "SELECT count(*) FROM threads a, threads b, threads c, threads d, threads e, threads f");
        pb.environment().put("BPFTOP_AGENT_SOCKET", agent.socket.toString());
        pb.environment().put("BPFTOP_LAUNCHER", "/nonexistent");
        Process client = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (agent.threadNames().stream().noneMatch(n -> n.startsWith("bpftop-stateme")) && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(client.isAlive(), "the cross join still runs");
        new ProcessBuilder("kill", "-INT", Long.toString(client.pid())).start().waitFor();
        assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        assertEquals(130, client.exitValue(), "ended by SIGINT, as the JVM would be");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (agent.threadNames().stream().anyMatch(n -> n.startsWith("bpftop-stateme")) && System.nanoTime() < deadline) Thread.sleep(50);
        assertFalse(agent.threadNames().stream().anyMatch(n -> n.startsWith("bpftop-stateme")), "the statement was stopped");
        Run after = agent.client(List.of(), "--format", "csv", "--no-header", "-e", "SELECT 1");
        assertEquals("1\n", after.text(), after.err());
    }

    @Test
    void whatOnlyAStandaloneRunCanDoIsHandedBack() throws Exception {
        // The client cannot fall back here (no launcher): it says so, which shows the agent declined.
        Run watch = agent.client(List.of(), "-e", "WATCH 1s SELECT 1");
        assertEquals(2, watch.exit(), watch.err());
        assertTrue(watch.err().contains("cannot run /nonexistent/bpftop"), watch.err());
        // Whatever a client sends: the agent reads no file, takes no terminal, runs no subcommand for it.
        for (List<String> args : List.of(List.of("-f", "/etc/shadow"), List.of("--help"), List.of("-d", "1000"),
                List.of("agent", "--socket", agent.dir.resolve("second.sock").toString()), List.of("--backend", "procfs", "-e", "SELECT 1"),
                List.of("-e", "SELECT 1", "-e", "WATCH 1s SELECT 2"))) {
            assertEquals(Protocol.FALLBACK, firstFrame(args), args.toString());
        }
        assertEquals(Protocol.STDOUT, firstFrame(List.of("-e", "SELECT 1")));
    }

    private static byte firstFrame(List<String> args) throws Exception {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(agent.socket))) {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(req);
            d.write(Protocol.HELLO.getBytes(StandardCharsets.US_ASCII));
            d.writeInt(0);
            d.writeInt(0);
            d.writeInt(args.size());
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                d.writeInt(b.length);
                d.write(b);
            }
            c.write(ByteBuffer.wrap(req.toByteArray()));
            ByteBuffer type = ByteBuffer.allocate(1);
            while (type.hasRemaining()) assertTrue(c.read(type) >= 0, "the agent answered");
            return type.get(0);
        }
    }
}
