package dev.bpftop.agent;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real `bin/bpftop agent` on a socket in a scratch directory, and the two ways to run a
 * one-liner beside it: through the C client alone (which cannot fall back: it is given no
 * launcher, so an answer proves the agent gave it) and standalone through bin/bpftop.
 */
final class AgentProcess implements AutoCloseable {
    static final Path BPFTOP = Path.of("bin/bpftop").toAbsolutePath();
    static final Path CLIENT = Path.of("target/bpftop-client").toAbsolutePath();

    record Run(int exit, byte[] out, String err) {
        String text() { return new String(out, StandardCharsets.UTF_8); }
    }

    final Path dir;
    final Path socket;
    final Process process;

    private AgentProcess(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    static AgentProcess start(String... options) throws Exception {
        Path dir = Files.createTempDirectory("bpftop-agent");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = dir.resolve("agent.sock");
        List<String> cmd = new ArrayList<>(List.of(BPFTOP.toString(), "agent", "--socket", socket.toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        AgentProcess agent = new AgentProcess(dir, socket, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!agent.answers()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("agent.log"));
                agent.close();
                throw new IllegalStateException("the agent did not start: " + log);
            }
            Thread.sleep(100);
        }
        return agent;
    }

    boolean answers() {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The client alone: no launcher to fall back to, so output means the agent answered. */
    Run client(List<String> prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(CLIENT.toString());
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("BPFTOP_AGENT_SOCKET", socket.toString(), "BPFTOP_LAUNCHER", "/nonexistent/bpftop"));
    }

    /** bin/bpftop with no agent to ask: the JVM. */
    static Run standalone(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BPFTOP.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("BPFTOP_AGENT_SOCKET", ""));
    }

    static Run run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.putAll(env);
        e.remove("COLUMNS");
        Path err = Files.createTempFile("bpftop-agent-err", ".txt");
        try {
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("still running: " + cmd);
            }
            return new Run(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The agent's threads by name (Java names them; the kernel keeps the first 15 bytes). */
    List<String> threadNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(jvmPid()), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    names.add(Files.readString(t.resolve("comm")).strip());
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return names;
    }

    /** bin/bpftop execs the JVM, so the agent's pid is the script's. */
    long jvmPid() { return process.pid(); }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
