package dev.bpftop.collect;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcfsCollectorTest {

    @Test
    void seesASpawnedProcessWithItsIdentity() throws Exception {
        try (Spawned sleeper = Spawned.start("sleep", "300")) {
            Collector.TaskList tasks = walkOnce();
            Task t = tasks.processes().stream().filter(p -> p.tgid == sleeper.pid()).findFirst().orElseThrow();
            assertEquals(ProcessHandle.current().pid(), t.ppid);
            assertEquals("sleep", t.comm);
            assertEquals("sleep 300", t.cmdline);
            String[] uids = statusField(sleeper.pid(), "Uid");
            assertEquals(Integer.parseInt(uids[0]), t.uid);
            assertEquals(Integer.parseInt(uids[1]), t.euid);
            assertEquals(1, t.threads);
            assertTrue(t.rss > 0, "a running sleep has resident pages");
            assertFalse(t.kernelThread);
            assertEquals(1, tasks.threads().stream().filter(x -> x.tgid == sleeper.pid()).count());
        }
    }

    /**
     * stat and status stay open between walks (KeptFiles): a process that changes its ids without
     * exec (same pid, start time and comm) shows the new ones on the next walk, and once it is gone
     * it is gone, its files closed.
     */
    @Test
    void keptFilesShowChangesAndCloseWithTheProcess() throws Exception {
        Require.root();
        // Counted per walked process, not as the JVM's total: other tests' collectors may close
        // their own kept files (or be collected) while this one runs.
        try (Spawned bystander = Spawned.start("sleep", "300")) {
            try (ProcfsCollector c = new ProcfsCollector()) {
                Task before;
                try (Spawned p = Spawned.start("python3", "-c",
                        "import os, sys, time\nsys.stdin.readline()\nos.setresuid(65534, 65534, 65534)\ntime.sleep(300)")) {
                    before = awaitProcess(c, p.pid(), "python3");
                    awaitProcess(c, bystander.pid(), "sleep");
                    assertEquals(0, before.uid);
                    p.process().getOutputStream().write('\n');
                    p.process().getOutputStream().flush();
                    while (!statusField(p.pid(), "Uid")[0].equals("65534")) Thread.sleep(10); // read afresh
                    Task after = c.collectProcess(p.pid(), Detail.all()).processes().getFirst();
                    Task walked = c.collect().processes().stream().filter(t -> t.tgid == p.pid()).findFirst().orElseThrow();
                    for (Task t : List.of(after, walked)) {
                        assertEquals(before.startNs, t.startNs, "the same process");
                        assertEquals(65534, t.uid);
                        assertEquals(65534, t.euid);
                    }
                    assertTrue(keptFilesOf(p.pid()) > 0, "the walk keeps files open");
                    p.process().destroy();
                    p.process().waitFor();
                    assertTrue(c.collect().processes().stream().noneMatch(t -> t.tgid == p.pid() && t.startNs == before.startNs));
                    assertEquals(0, keptFilesOf(p.pid()), "an exited process's files are closed by the next walk");
                }
                assertTrue(keptFilesOf(bystander.pid()) > 0, "the walk keeps files open");
            }
            assertEquals(0, keptFilesOf(bystander.pid()), "close() closes them");
        }
    }

    private static Task awaitProcess(ProcfsCollector c, int pid, String comm) throws InterruptedException {
        for (int i = 0; ; i++) {
            List<Task> found = c.collect().processes().stream().filter(t -> t.tgid == pid && t.comm.equals(comm)).toList();
            if (!found.isEmpty()) return found.getFirst();
            if (i == 500) throw new AssertionError(comm + " " + pid + " never showed up");
            Thread.sleep(10);
        }
    }

    /** How many of this JVM's descriptors are open on /proc/PID/ files. */
    private static int keptFilesOf(long pid) throws Exception {
        String prefix = "/proc/" + pid + "/";
        int n = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(prefix)) n++;
                } catch (java.io.IOException gone) {
                    // the directory stream's own descriptor, or one closed meanwhile
                }
            }
        }
        return n;
    }

    /** A file longer than one read's buffer (16 KiB) is read whole: a command line of 100,000 bytes. */
    @Test
    void aLongCommandLineIsReadWhole() throws Exception {
        String word = "x".repeat(99_990);
        // The shell keeps the extra argument as $1 and waits on its stdin (a pipe from this JVM):
        // no child of its own that could outlive the test.
        try (Spawned p = Spawned.start("/bin/sh", "-c", "read line", "sh", word)) {
            // Until the child has exec'd the shell, its command line is still the JVM's.
            Path file = Path.of("/proc/" + p.pid() + "/cmdline");
            byte[] raw = Files.readAllBytes(file);
            for (int i = 0; i < 1000 && !ProcfsCollector.joinArgs(raw, raw.length).endsWith(" " + word); i++) {
                Thread.sleep(10);
                raw = Files.readAllBytes(file);
            }
            String expected = ProcfsCollector.joinArgs(raw, raw.length);
            assertTrue(expected.endsWith(" " + word), "the shell never started");
            Task t;
            try (ProcfsCollector c = new ProcfsCollector()) {
                t = c.collectProcess(p.pid(), Detail.all()).processes().getFirst();
            }
            assertEquals(expected.length(), t.cmdline == null ? -1 : t.cmdline.length());
            assertTrue(expected.equals(t.cmdline));
        }
    }

    /** A kept command line belongs to one program: an exec (new comm) is read again on the next walk. */
    @Test
    void execIsSeenThoughCommandLinesAreKept() throws Exception {
        ProcfsCollector c = new ProcfsCollector(Path.of("/proc"), 0); // keep even brand-new processes
        try (Spawned shell = Spawned.shell("sleep 1; exec sleep 301")) {
            Task before = find(c, shell.pid());
            assertNotEquals("sleep 301", before.cmdline, "still the shell");
            assertEquals(before.cmdline, find(c, shell.pid()).cmdline, "kept while the same program runs");
            Task after = before;
            // caught inside the exec, the new program's command line reads empty: the next walk must read it again
            for (int i = 0; i < 300 && !(after.comm.equals("sleep") && !after.cmdline.isEmpty()); i++) {
                Thread.sleep(50);
                after = find(c, shell.pid());
            }
            assertEquals("sleep", after.comm);
            assertEquals("sleep 301", after.cmdline);
        }
    }

    /**
     * Cgroups are kept between walks too (2-4 s); whoever moves a process says so, and the next
     * walk reads every cgroup afresh (FREEZE moves a process into a helper cgroup this way).
     */
    @Test
    void aMoveReportedIsSeenOnTheNextWalk() throws Exception {
        Require.root();
        Require.cgroupV2();
        String top = ScratchCgroup.uniqueName("bpftop-moves");
        // Closing the first scratch cgroup removes the whole tree under top, after the process is gone.
        try (ScratchCgroup from = ScratchCgroup.create(top + "/from");
             Spawned sleeper = Spawned.start("sleep", "302");
             ProcfsCollector c = new ProcfsCollector(Path.of("/proc"), 0)) { // keep even brand-new processes
            ScratchCgroup to = ScratchCgroup.create(top + "/to");
            from.add(sleeper.pid());
            assertEquals(from.path(), cgroupOf(c, sleeper.pid()));
            to.add(sleeper.pid());
            c.cgroupsMoved();
            assertEquals(to.path(), cgroupOf(c, sleeper.pid()));
        }
    }

    private static String cgroupOf(ProcfsCollector c, int pid) {
        return c.collect(java.util.EnumSet.of(Detail.CGROUP)).processes().stream().filter(p -> p.tgid == pid).findFirst().orElseThrow().cgroupPath;
    }

    private static Task find(ProcfsCollector c, int pid) {
        return c.collect(java.util.EnumSet.of(Detail.CMDLINE)).processes().stream().filter(p -> p.tgid == pid).findFirst().orElseThrow();
    }

    @Test
    void commWithParenthesesAndSpacesParses() {
        Task t = new Task();
        byte[] stat = "42 (a) (b c) S 1 42 42 0 -1 4194560 10 0 0 0 5 6 0 0 20 0 1 0 1234 1000 50 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
                .getBytes();
        assertTrue(StatParser.parse(stat, t));
        assertEquals("a) (b c", t.comm);
        assertEquals('S', t.state);
        assertEquals(1, t.ppid);
        assertEquals(5 * StatParser.TICK_NS, t.utimeNs);
        assertEquals(1234 * StatParser.TICK_NS, t.startNs);
        assertEquals(50 * 4096, t.rss);
        assertEquals(1, t.processor);
    }

    @Test
    void kernelThreadsAreMarked() {
        List<Task> ps = walkOnce().processes();
        Task kthreadd = ps.stream().filter(p -> p.tgid == 2).findFirst().orElseThrow();
        assertTrue(kthreadd.kernelThread);
        assertEquals("", kthreadd.cmdline);
    }

    @Test
    void processesAgreeWithPs() throws Exception {
        // ps before and after our walk: a process in both lived through it and must be in it; one
        // in ours that ps still lists after must have been in ps's second list (others come and go).
        java.util.Set<Integer> before = psPids();
        java.util.Set<Integer> ours = new java.util.HashSet<>();
        try (ProcfsCollector c = new ProcfsCollector()) {
            for (var t : c.collect().processes()) ours.add(t.tgid);
        }
        java.util.Set<Integer> after = psPids();
        java.util.Set<Integer> missed = new java.util.TreeSet<>(before);
        missed.retainAll(after);
        missed.removeAll(ours);
        assertTrue(missed.isEmpty(), "ps listed these before and after our walk, which missed them: " + missed);
        assertTrue(ours.size() > 10 && ours.stream().filter(after::contains).count() >= before.size() / 2,
                "ours=" + ours.size() + " ps=" + before.size() + "/" + after.size());
    }

    private static java.util.Set<Integer> psPids() throws Exception {
        Process ps = new ProcessBuilder("ps", "-e", "--no-headers", "-o", "pid").start();
        java.util.Set<Integer> pids = new java.util.HashSet<>();
        for (String line : new String(ps.getInputStream().readAllBytes()).strip().split("\n")) pids.add(Integer.parseInt(line.strip()));
        ps.waitFor();
        pids.remove((int) ps.pid());
        return pids;
    }

    @Test
    void aProcessThatVanishesIsSkipped() throws Exception {
        Path fake = Files.createTempDirectory("proc");
        Files.createDirectories(fake.resolve("123"));
        Files.writeString(fake.resolve("123/stat"), "not a stat line");
        Files.createDirectories(fake.resolve("124")); // listed, then gone: no files at all
        assertTrue(new ProcfsCollector(fake).collect().processes().isEmpty());
    }

    /** Real processes born and dying while we walk: never an error, and no half-read rows. */
    @Test
    void churnDuringCollectionIsNeverAnError() throws Exception {
        try (Spawned churn = Spawned.shell("while :; do /bin/true & /bin/true & wait; done")) {
            ProcfsCollector c = new ProcfsCollector();
            for (int i = 0; i < 30; i++) {
                for (Task t : c.collect().processes()) {
                    assertNotNull(t.comm);
                    assertNotEquals('?', t.state);
                }
            }
        }
    }

    private static String[] statusField(int pid, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) return line.substring(key.length() + 1).trim().split("\\s+");
        }
        throw new AssertionError(key);
    }

    /** One walk by a collector closed after it: its kept files count against the JVM's budget until closed. */
    static Collector.TaskList walkOnce() {
        try (ProcfsCollector c = new ProcfsCollector()) {
            return c.collect();
        }
    }
}
