package dev.bpftop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real child process for a test, killed when closed. */
public final class Spawned implements AutoCloseable {
    private final Process process;

    private Spawned(Process process) { this.process = process; }

    /** Starts argv and waits until the kernel shows its exec done (comm no longer "java"). */
    public static Spawned start(String... argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Spawned s = new Spawned(pb.start());
        s.awaitExec();
        return s;
    }

    /** A shell script run by /bin/sh -c. */
    public static Spawned shell(String script) throws IOException {
        return start("/bin/sh", "-c", script);
    }

    public int pid() { return (int) process.pid(); }

    public Process process() { return process; }

    /** Child pids (from /proc/PID/task/PID/children). */
    public List<Integer> children() throws IOException {
        List<Integer> out = new ArrayList<>();
        Path p = Path.of("/proc", Integer.toString(pid()), "task", Integer.toString(pid()), "children");
        for (String s : Files.readString(p).trim().split("\\s+")) if (!s.isEmpty()) out.add(Integer.parseInt(s));
        return out;
    }

    /** Waits up to 5 s until /proc/PID/status has the line "key value" (key with its colon). */
    public void awaitStatus(String key, String value) throws Exception { awaitStatus(key, value, 5); }

    /** Waits up to {@code seconds} until /proc/PID/status has the line "key value" (key with its colon). */
    public void awaitStatus(String key, String value, int seconds) throws Exception {
        Path status = Path.of("/proc", Integer.toString(pid()), "status");
        for (int i = 0; i < seconds * 100; i++) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key) && line.substring(key.length()).strip().equals(value)) return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("pid " + pid() + " never showed " + key + " " + value);
    }

    /**
     * Waits up to 5 s until /proc/PID/cmdline starts with {@code prefix}. After an exec, comm changes
     * before the new argv is set up, so a test that waited only for the new name can read an empty one.
     */
    public void awaitCmdline(String prefix) throws Exception {
        Path cmdline = Path.of("/proc", Integer.toString(pid()), "cmdline");
        for (int i = 0; i < 500; i++) {
            if (Files.readString(cmdline).startsWith(prefix)) return;
            Thread.sleep(10);
        }
        throw new AssertionError("pid " + pid() + " never had a cmdline starting " + prefix);
    }

    /**
     * Waits up to 5 s until the process has a handler for {@code signal} (its bit in SigCgt). Only
     * that bit: whether Python also catches SIGINT depends on whether whoever started the tests
     * ignored it (a job started with `&` does), which the child inherits.
     */
    public void awaitHandler(int signal) throws Exception {
        Path status = Path.of("/proc", Integer.toString(pid()), "status");
        long bit = 1L << (signal - 1);
        for (int i = 0; i < 500; i++) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigCgt:") && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & bit) != 0) return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("pid " + pid() + " never caught signal " + signal);
    }

    /** Waits up to 5 s for a child of this process to be a zombie, and returns its pid. */
    public int awaitZombieChild() throws Exception {
        for (int i = 0; i < 500; i++) {
            for (int child : children()) {
                String stat = Files.readString(Path.of("/proc", Integer.toString(child), "stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) return child;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no zombie child appeared");
    }

    private void awaitExec() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                String comm = Files.readString(Path.of("/proc", Integer.toString(pid()), "comm")).trim();
                if (!comm.equals("java")) return;
                Thread.sleep(5);
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
