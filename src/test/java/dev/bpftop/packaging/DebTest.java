package dev.bpftop.packaging;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package (bin/package deb), installed on this machine for real: dpkg -i, a one-liner
 * from /usr/bin, a member of group bpftop using the capabilities of the bundle's java, the agent
 * under its unit (where systemd is PID 1; otherwise its ExecStart line, with the runtime directory
 * the unit would make), one-liners through it, dpkg -r and -P, and then nothing left: no file the
 * package listed, no group, no ownership override, no unit state, no process. Whatever fails, the
 * package is purged and the agent stopped.
 */
class DebTest {
    private static final String QUERY = "SELECT count(*) AS n FROM processes";
    private static final Path UNIT = Path.of("/lib/systemd/system/bpftop-agent.service");
    private static final Path RECORD_UNIT = Path.of("/lib/systemd/system/bpftop-record.service");
    private static final Path RUNTIME_DIR = Path.of("/run/bpftop");
    private static final Path SOCKET = RUNTIME_DIR.resolve("agent.sock");
    private static final Path JAVA = Path.of("/opt/bpftop/runtime/bin/java");
    private static final Path CLIENT = Path.of("/opt/bpftop/lib/bpftop-client");
    private static final int NOBODY = 65534;

    @TempDir
    Path work;

    @Test
    void installsRunsTheAgentAndLeavesNothingBehind() throws Exception {
        Require.root();
        Require.that(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg");
        Require.that(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux)");
        // Two copies of this test (two checkouts) would install over each other.
        try (FileChannel lockFile = FileChannel.open(Path.of("/tmp/bpftop-deb.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            assertFalse(installed(), "a bpftop package is installed on this machine already: this test would replace it");
            assertFalse(Files.exists(RUNTIME_DIR), RUNTIME_DIR + " exists: is an agent running on the default socket?");
            boolean groupBefore = groupId().isPresent();
            Path deb = deb();
            lintianPasses(deb);

            boolean systemd = Files.isDirectory(Path.of("/run/systemd/system"));
            Process agent = null;
            boolean agentUp = false;
            List<Path> listed;
            try {
                dpkg("-i", deb.toString());
                listed = run(Map.of(), "dpkg", "-L", "bpftop").out.lines().map(Path::of).toList();
                assertTrue(listed.containsAll(List.of(Path.of("/usr/bin/bpftop"), UNIT, RECORD_UNIT, CLIENT,
                        Path.of("/usr/share/man/man1/bpftop.1.gz"), Path.of("/usr/share/bash-completion/completions/bpftop"))), listed.toString());

                unitsVerifyAndAreNotEnabled();
                installedOneLinerRuns();
                groupMemberGetsTheCapabilities();

                agentUp = true;
                agent = startAgent(systemd);
                oneLinersGoThroughTheAgent();
                stopAgent(agent, systemd);
                agentUp = false;

                dpkg("-r", "bpftop");
                for (Path p : listed) {
                    boolean ours = p.startsWith("/opt/bpftop") || p.startsWith("/usr/share/doc/bpftop");
                    boolean dir = Files.isDirectory(p); // /lib is a link to usr/lib here
                    assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS) && (ours || !dir), "left after dpkg -r: " + p);
                }
                dpkg("-P", "bpftop");
            } finally {
                if (agentUp) {
                    if (systemd) run(Map.of(), "systemctl", "stop", "bpftop-agent.service");
                    if (agent != null) agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                if (!systemd) deleteTree(RUNTIME_DIR);
                if (installed()) run(Map.of(), "dpkg", "-P", "bpftop");
            }

            assertFalse(installed(), "dpkg still knows bpftop after purge");
            if (!groupBefore) assertEquals(Optional.empty(), groupId(), "purge leaves no bpftop group");
            assertEquals("", run(Map.of(), "dpkg-statoverride", "--list", JAVA.toString()).out, "no ownership override left");
            assertFalse(Files.exists(RUNTIME_DIR), RUNTIME_DIR + " left");
            try (Stream<Path> state = Files.list(Path.of("/var/lib/systemd/deb-systemd-helper-enabled"))) {
                assertEquals(List.of(), state.filter(p -> p.toString().contains("bpftop")).toList(), "unit state left");
            } catch (java.nio.file.NoSuchFileException e) {
                // no unit state at all on this machine
            }
            assertEquals(List.of(), processesFromOpt(), "a process of the package still runs");
        }
    }

    /**
     * Both units, as installed (ExecStart is the installed launcher), pass `systemd-analyze verify`
     * with no warning, and neither is enabled; lintian finds nothing beyond the package's overrides.
     */
    private void unitsVerifyAndAreNotEnabled() throws Exception {
        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            for (Path unit : List.of(UNIT, RECORD_UNIT)) {
                Result r = run(Map.of(), "systemd-analyze", "verify", "--man=no", unit.toString());
                assertEquals(0, r.exit, unit + ": " + r.err + r.out);
                assertEquals("", (r.err + r.out).strip(), unit + ": no warnings");
            }
        }
        try (Stream<Path> wants = Files.walk(Path.of("/etc/systemd/system"))) {
            assertEquals(List.of(), wants.filter(p -> p.getFileName().toString().startsWith("bpftop-")).toList(), "installed, not enabled");
        } catch (java.nio.file.NoSuchFileException e) {
            // no systemd configuration at all
        }
    }

    /** lintian --pedantic reports no error and no warning that src/main/deb/lintian-overrides does not override. */
    private static void lintianPasses(Path deb) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/lintian"))) return;
        Process p = new ProcessBuilder("lintian", "--pedantic", "--tag-display-limit", "0", deb.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "lintian timed out");
        assertEquals(List.of(), out.lines().filter(l -> l.matches("^[EW]: .*")).toList(), out);
    }

    /** From /usr/bin with no Java and no agent: the bundle's runtime, the JVM started (no agent answers). */
    private void installedOneLinerRuns() throws Exception {
        Result r = run(Map.of(), "/usr/bin/bpftop", "--format", "tsv", "-e", QUERY);
        assertEquals(0, r.exit, r.err);
        assertEquals("", r.err);
        assertTrue(r.out.strip().matches("n\\s+[1-9]\\d*"), r.out);
    }

    /**
     * postinst gave the java to group bpftop alone, with capabilities and its own library path (the
     * loader's secure mode ignores $ORIGIN): a member reads through BPF, and other users' exe, which
     * without cap_sys_ptrace are NULL to it; someone outside the group is told why they cannot run it.
     */
    private void groupMemberGetsTheCapabilities() throws Exception {
        int gid = groupId().orElseThrow(() -> new AssertionError("postinst made no bpftop group"));
        assertEquals("root:bpftop 750", run(Map.of(), "stat", "-c", "%U:%G %a", JAVA.toString()).out.strip());
        assertTrue(run(Map.of(), "getcap", JAVA.toString()).out.contains("cap_bpf"), "file capabilities on " + JAVA);
        Result member = asNobody(List.of("--groups", Integer.toString(gid)), "/usr/bin/bpftop", "--backend", "bpf", "--format", "tsv",
                "-e", "SELECT count(*) AS n FROM processes WHERE exe IS NOT NULL AND uid <> " + NOBODY);
        assertEquals(0, member.exit, member.err);
        assertTrue(member.out.strip().matches("n\\s+[1-9]\\d*"), "a member sees other users' exe: " + member.out);
        Result outsider = asNobody(List.of("--clear-groups"), "/usr/bin/bpftop", "--no-agent", "-e", "SELECT 1");
        assertNotEquals(0, outsider.exit);
        assertTrue(outsider.err.contains("group bpftop"), outsider.err);
    }

    /** As the unit runs it: under systemd, or its ExecStart line with the runtime directory it makes. */
    private Process startAgent(boolean systemd) throws Exception {
        String execStart = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart="))
                .map(l -> l.substring("ExecStart=".length())).findFirst().orElseThrow();
        Process agent = null;
        if (systemd) {
            Result r = run(Map.of(), "systemctl", "start", "bpftop-agent.service");
            assertEquals(0, r.exit, r.err);
        } else {
            Files.createDirectory(RUNTIME_DIR);
            agent = new ProcessBuilder(Arrays.asList(execStart.split(" "))).directory(new File("/"))
                    .redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile()).start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!answers()) {
            if ((agent != null && !agent.isAlive()) || System.nanoTime() > deadline) {
                String log = agent != null ? Files.readString(work.resolve("agent.log"))
                        : run(Map.of(), "journalctl", "-u", "bpftop-agent.service", "-n", "20").out;
                fail("the agent did not open " + SOCKET + ": " + log);
            }
            Thread.sleep(100);
        }
        assertEquals("srw-rw---- root:bpftop", run(Map.of(), "stat", "-c", "%A %U:%G", SOCKET.toString()).out.strip());
        return agent;
    }

    /**
     * The client alone, with a launcher that does not exist, cannot fall back: its answer is the
     * agent's. A member of group bpftop may use the socket; /usr/bin/bpftop asks it on its own.
     */
    private void oneLinersGoThroughTheAgent() throws Exception {
        Map<String, String> noFallback = Map.of("BPFTOP_LAUNCHER", "/nonexistent/bpftop");
        Result viaAgent = run(noFallback, CLIENT.toString(), "--format", "tsv", "-e", QUERY);
        assertEquals(0, viaAgent.exit, viaAgent.err);
        assertTrue(viaAgent.out.strip().matches("n\\s+[1-9]\\d*"), viaAgent.out);

        int gid = groupId().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of("--groups", Integer.toString(gid), "env", "BPFTOP_LAUNCHER=/nonexistent/bpftop"));
        Result member = asNobody(cmd, CLIENT.toString(), "--format", "tsv", "-e", "SELECT count(*) AS n FROM processes WHERE pid = 1");
        assertEquals(0, member.exit, member.err);
        assertEquals("n\n1", member.out.strip());

        Result installed = run(Map.of(), "/usr/bin/bpftop", "--format", "tsv", "-e", QUERY);
        assertEquals(0, installed.exit, installed.err);
        assertTrue(installed.out.strip().matches("n\\s+[1-9]\\d*"), installed.out);
    }

    /** As systemd would: SIGTERM, after which the agent has removed its socket; then the runtime directory goes. */
    private void stopAgent(Process agent, boolean systemd) throws Exception {
        if (systemd) {
            Result r = run(Map.of(), "systemctl", "stop", "bpftop-agent.service");
            assertEquals(0, r.exit, r.err);
        } else {
            agent.destroy();
            if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor();
                fail("the agent did not stop on SIGTERM");
            }
            assertFalse(Files.exists(SOCKET), "the agent removes its socket when it stops");
            Files.deleteIfExists(RUNTIME_DIR);
        }
    }

    /** The newest .deb, built again when it is older than the jar (which makes the bundle first, if that is stale too). */
    private static Path deb() throws Exception {
        Optional<Path> deb = newestDeb();
        if (deb.isEmpty() || Files.getLastModifiedTime(deb.get()).compareTo(Files.getLastModifiedTime(Path.of("target/bpftop.jar"))) < 0) {
            ProcessBuilder pb = new ProcessBuilder("bin/package", "deb").redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bin/package deb timed out");
            assertEquals(0, p.exitValue(), out);
            deb = newestDeb();
        }
        return deb.orElseThrow(() -> new AssertionError("bin/package deb made no .deb"));
    }

    private static Optional<Path> newestDeb() throws IOException {
        if (!Files.isDirectory(Path.of("dist"))) return Optional.empty();
        try (Stream<Path> s = Files.list(Path.of("dist"))) {
            return s.filter(p -> p.getFileName().toString().matches("bpftop_.*\\.deb"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).map(Path::toAbsolutePath);
        }
    }

    /** dpkg, waiting a little while another dpkg or apt holds its lock. */
    private void dpkg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg"));
        cmd.addAll(List.of(args));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result r;
        while ((r = run(Map.of(), cmd.toArray(String[]::new))).exit != 0 && r.err.contains("lock") && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        assertEquals(0, r.exit, String.join(" ", cmd) + ": " + r.err + r.out);
    }

    private boolean installed() throws Exception {
        Result r = run(Map.of(), "dpkg-query", "-W", "-f=${db:Status-Status}", "bpftop");
        return r.exit == 0 && !r.out.strip().equals("not-installed");
    }

    private Optional<Integer> groupId() throws Exception {
        Result r = run(Map.of(), "getent", "group", "bpftop");
        return r.exit == 0 ? Optional.of(Integer.parseInt(r.out.split(":")[2])) : Optional.empty();
    }

    private static boolean answers() {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> processesFromOpt() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String exe = Files.readSymbolicLink(p.resolve("exe")).toString();
                    String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (exe.startsWith("/opt/bpftop") || cmdline.contains("/opt/bpftop")) found.add(p.getFileName() + " " + cmdline);
                } catch (IOException e) {
                    // gone, or a kernel thread
                }
            }
        }
        return found;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private record Result(int exit, String out, String err) {}

    private Result asNobody(List<String> groups, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid", Integer.toString(NOBODY), "--regid", Integer.toString(NOBODY)));
        cmd.addAll(groups);
        cmd.addAll(List.of(command));
        return run(Map.of(), cmd.toArray(String[]::new));
    }

    /** With PATH=/usr/bin:/bin and nothing else from this JVM's environment (no JAVA_HOME), in /. */
    private Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File("/"));
        Map<String, String> e = new HashMap<>(env);
        e.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().clear();
        pb.environment().putAll(e);
        File out = Files.createTempFile(work, "out", ".txt").toFile();
        File err = Files.createTempFile(work, "err", ".txt").toFile();
        Process p = pb.redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
