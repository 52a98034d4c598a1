package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.collect.StatParser;
import dev.bpftop.collect.Task;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the BPF walk against /proc, the oracle, on real processes made for the
 * purpose: one with 50 threads, a zombie, one in a fresh cgroup, one that renamed its comm to
 * control bytes. Snapshots are taken back to back (bpf, procfs, bpf) so churn from other
 * processes on the machine can be told apart from a real difference.
 *
 * <p>Tolerances: rss within 64 KiB (16 pages; both sides sum the per-CPU counters exactly, as
 * /proc/PID/status does, and the idle test processes barely move between the reads; exactness
 * itself is BackendValuesTest's). The anon/file/shmem split within the per-CPU batch (max(32,
 * 2 x CPUs) pages) per CPU, what a kernel without exact sums may differ by. utime+stime within 30 ms (/proc truncates to
 * 10 ms ticks and the two reads are a few ms apart). Start times compare exactly in /proc's
 * 10 ms ticks, the finest /proc gives.
 */
class BpfCollectorTest {
    private static final long RSS_TOLERANCE = 64 << 10;
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final long RSS_SPLIT_TOLERANCE = (long) Math.max(32, 2 * CPUS) * CPUS * 4096;
    private static final long CPU_TOLERANCE_NS = 30_000_000;

    static BpfCollector bpf;
    static Spawned threads50, zombieParent, renamed, inCgroup;
    static ScratchCgroup cgroup;
    static int zombie;

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
        Require.cgroupV2();
        bpf = BpfCollector.open();
        threads50 = Spawned.start("/usr/bin/python3", "-c",
                "import threading, time\n"
                        + "for _ in range(49): threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()\n"
                        + "time.sleep(1000)");
        threads50.awaitStatus("Threads:", "50");
        // The shell forks "sleep 0" and execs "sleep 1000", which never reaps it: a zombie child.
        zombieParent = Spawned.shell("sleep 0 & exec sleep 1001");
        zombie = zombieParent.awaitZombieChild();
        // A task may only rename itself; "; true" keeps dash from exec'ing sleep, which would reset the comm.
        renamed = Spawned.shell("printf 'a\\033b\\001' > /proc/$$/comm; sleep 1002; true");
        renamed.awaitStatus("Name:", "a\u001bb\u0001");
        cgroup = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-bpf-test"));
        inCgroup = Spawned.start("sleep", "1003");
        cgroup.add(inCgroup.pid());
        inCgroup.awaitStatus("State:", "S (sleeping)"); // a fresh exec may still be running its loader
    }

    @AfterAll
    static void stop() throws Exception {
        for (Spawned s : new Spawned[] {threads50, zombieParent, renamed, inCgroup}) if (s != null) s.close();
        if (cgroup != null) cgroup.close();
        if (bpf != null) bpf.close();
    }

    record Walks(Collector.TaskList before, Collector.TaskList procfs, Collector.TaskList after) {}

    private static Walks walks(Collector collector) {
        Collector.TaskList before = collector.collect();
        Collector.TaskList procfs;
        try (ProcfsCollector c = new ProcfsCollector()) {
            procfs = c.collect();
        }
        return new Walks(before, procfs, collector.collect());
    }

    @Test
    void sameProcessesAndThreadsApartFromChurn() throws Exception {
        Walks w = walks(bpf);
        assertSameSet(w.before.processes(), w.procfs.processes(), w.after.processes(), "process");
        assertSameSet(w.before.threads(), w.procfs.threads(), w.after.threads(), "thread");
    }

    /**
     * A task both BPF walks saw (same start) was alive throughout, so /proc must show it; a task
     * /proc showed that neither BPF walk saw must have been born and gone in between.
     */
    private static void assertSameSet(List<Task> before, List<Task> procfs, List<Task> after, String what) throws IOException {
        Map<Integer, Long> b = starts(before), a = starts(after), p = starts(procfs);
        List<String> problems = new ArrayList<>();
        for (var e : b.entrySet()) {
            if (e.getValue().equals(a.get(e.getKey())) && !p.containsKey(e.getKey()))
                problems.add(what + " " + e.getKey() + " seen by both BPF walks but not in /proc");
        }
        for (Task t : procfs) {
            if (b.containsKey(t.tid) || a.containsKey(t.tid)) continue;
            if (stillAlive(t)) problems.add(what + " " + t.tid + " (" + t.comm + ") in /proc, alive, but missed by BPF");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(b.size() > 10 && p.size() > 10, "implausibly few " + what + "es");
    }

    private static Map<Integer, Long> starts(List<Task> tasks) {
        Map<Integer, Long> m = new HashMap<>();
        for (Task t : tasks) m.put(t.tid, t.startNs / StatParser.TICK_NS);
        return m;
    }

    /** Whether the task /proc showed is still there now (same start tick) and not dead. */
    private static boolean stillAlive(Task t) {
        Path stat = Path.of("/proc", Integer.toString(t.tgid), "task", Integer.toString(t.tid), "stat");
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state), f[19] field 22 (start time in ticks) of proc(5)
            return Long.parseLong(f[19]) * StatParser.TICK_NS == t.startNs && !f[0].equals("Z") && !f[0].equals("X");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Test
    void fiftyThreadProcessMatches() {
        Walks w = walks(bpf);
        Task b = process(w.before, threads50.pid()), p = process(w.procfs, threads50.pid());
        assertEquals(50, b.threads);
        assertMatches(b, p);
        long bpfThreads = w.before.threads().stream().filter(t -> t.tgid == threads50.pid()).count();
        assertEquals(50, bpfThreads, "thread rows for the 50-thread process");
        for (Task t : w.before.threads()) {
            if (t.tgid != threads50.pid()) continue;
            Task pt = w.procfs.threads().stream().filter(x -> x.tid == t.tid).findFirst().orElseThrow();
            assertMatches(t, pt);
        }
    }

    /** Pid 1 is there whether the kernel's walk shows it or (on kernels that hide it) /proc stands in. */
    @Test
    void initAndItsThreadsAreThere() {
        Walks w = walks(bpf);
        assertMatches(process(w.before, 1), process(w.procfs, 1));
        assertEquals(w.procfs.threads().stream().filter(t -> t.tgid == 1).count(),
                w.before.threads().stream().filter(t -> t.tgid == 1).count(), "thread rows of pid 1");
    }

    @Test
    void zombieMatches() {
        Walks w = walks(bpf);
        Task b = process(w.before, zombie), p = process(w.procfs, zombie);
        assertEquals('Z', b.state);
        assertMatches(b, p);
        assertEquals(0, b.rss);
        assertEquals("", b.cmdline);
    }

    @Test
    void renamedCommWithControlBytesMatches() {
        Walks w = walks(bpf);
        Task b = process(w.before, renamed.pid()), p = process(w.procfs, renamed.pid());
        assertEquals("a\u001bb\u0001", b.comm);
        assertMatches(b, p);
    }

    @Test
    void freshCgroupIdIsTheDirectoryInode() throws Exception {
        Walks w = walks(bpf);
        Task b = process(w.before, inCgroup.pid());
        assertEquals(cgroup.id(), b.cgroupId);
        assertMatches(b, process(w.procfs, inCgroup.pid()));
        // Outside the scratch cgroup, this JVM's own cgroup is something else.
        assertNotEquals(cgroup.id(), process(w.before, (int) ProcessHandle.current().pid()).cgroupId);
    }

    @Test
    void procCmdlineFallbackMatchesTheKernelCopy() throws Exception {
        // The plain (non-sleepable) program reads no argv: command lines come from /proc, once per process.
        List<String> before = HeldPrograms.names();
        try (BpfCollector plain = BpfCollector.open(BpfCollector.embeddedObject(), false)) {
            List<String> loaded = new ArrayList<>(HeldPrograms.names());
            for (String name : before) loaded.remove(name);
            assertEquals(List.of("dump_task_plain"), loaded, "the plain iterator, and only it, loads");
            Task viaProc = process(plain.collect(), threads50.pid());
            Task viaKernel = process(bpf.collect(), threads50.pid());
            assertTrue(before.contains("dump_task_sleepable"), "the sleepable iterator loads on this kernel: " + before);
            assertEquals(viaKernel.cmdline, viaProc.cmdline);
            assertTrue(viaKernel.cmdline.startsWith("/usr/bin/python3 -c import threading"), viaKernel.cmdline);
        }
    }

    /**
     * The walk copies a process's argv once and then skips it while it is unchanged; an exec
     * (a new mm) must be copied again at the next walk, not left showing the old command line.
     */
    @Test
    void commandLineFollowsExecThoughCopiedOnce() throws Exception {
        try (Spawned execer = Spawned.start("/usr/bin/python3", "-c",
                "import os, signal, time\n"
                        + "signal.signal(signal.SIGUSR1, lambda *a: os.execv('/bin/sleep', ['sleep', '1004']))\n"
                        + "time.sleep(1000)")) {
            execer.awaitHandler(10); // SIGUSR1 handled
            assertTrue(process(bpf.collect(), execer.pid()).cmdline.startsWith("/usr/bin/python3 -c"));
            assertTrue(process(bpf.collect(), execer.pid()).cmdline.startsWith("/usr/bin/python3 -c"), "a walk that skipped the copy");
            new ProcessBuilder("kill", "-USR1", Integer.toString(execer.pid())).start().waitFor();
            execer.awaitCmdline("sleep"); // the exec finished, not only its new comm (slow in the emulated guests)
            assertEquals("sleep 1004", process(bpf.collect(), execer.pid()).cmdline);
        }
    }

    /**
     * Kernels that refuse the exact RSS sums (no bpf_map_lookup_percpu_elem before 5.19) get the
     * configuration that reads the counters' central values, which must load too: its rss is then
     * what /proc/PID/stat shows, for every process whose stat rss did not move meanwhile.
     */
    @Test
    void centralRssConfigurationLoadsAndReadsWhatStatShows() throws Exception {
        try (BpfCollector central = BpfCollector.open(BpfCollector.embeddedObject(), true, false)) {
            Map<Integer, Long> before = statRss();
            List<Task> walked = central.collect().processes();
            Map<Integer, Long> after = statRss();
            int compared = 0;
            for (Task t : walked) {
                Long b = before.get(t.tgid);
                if (b == null || !b.equals(after.get(t.tgid)) || t.tgid == 1) continue; // pid 1 may come from /proc/PID/status
                compared++;
                assertEquals(b.longValue(), t.rss, "pid " + t.tgid + " (" + t.comm + ")");
            }
            assertTrue(compared > 3, "steady processes compared: " + compared);
        }
    }

    private static Map<Integer, Long> statRss() throws IOException {
        Map<Integer, Long> out = new HashMap<>();
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    String s = Files.readString(dir.resolve("stat"));
                    out.put(Integer.parseInt(dir.getFileName().toString()), Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[21]) * 4096);
                } catch (IOException e) {
                    // exited
                }
            }
        }
        return out;
    }

    private static void assertMatches(Task b, Task p) {
        String who = "tid " + b.tid + " (" + p.comm + "): ";
        assertEquals(p.tgid, b.tgid, who + "tgid");
        assertEquals(p.ppid, b.ppid, who + "ppid");
        assertEquals(p.pgid, b.pgid, who + "pgid");
        assertEquals(p.sid, b.sid, who + "sid");
        assertEquals(List.of(p.uid, p.euid, p.suid, p.gid, p.egid, p.sgid), List.of(b.uid, b.euid, b.suid, b.gid, b.egid, b.sgid), who + "ids");
        assertEquals(p.comm, b.comm, who + "comm");
        assertEquals(p.state, b.state, who + "state");
        assertEquals(p.threads, b.threads, who + "threads");
        assertEquals(p.startNs / StatParser.TICK_NS, b.startNs / StatParser.TICK_NS, who + "start time (ticks)");
        assertEquals(p.priority, b.priority, who + "priority");
        assertEquals(p.nice, b.nice, who + "nice");
        assertEquals(p.vsz, b.vsz, who + "vsz");
        assertEquals(p.ttyNr, b.ttyNr, who + "tty");
        assertEquals(p.capEff, b.capEff, who + "CapEff");
        assertEquals(p.capPrm, b.capPrm, who + "CapPrm");
        assertEquals(p.kernelThread, b.kernelThread, who + "kernel thread");
        assertEquals(p.majflt, b.majflt, who + "majflt");
        assertEquals(List.of(p.pidNs, p.netNs, p.mntNs, p.utsNs, p.ipcNs, p.cgroupNs, p.userNs),
                List.of(b.pidNs, b.netNs, b.mntNs, b.utsNs, b.ipcNs, b.cgroupNs, b.userNs), who + "namespaces");
        assertEquals(p.cmdline, b.cmdline, who + "cmdline");
        assertTrue(Math.abs(p.rss - b.rss) <= RSS_TOLERANCE, who + "rss " + b.rss + " vs /proc " + p.rss);
        if (p.rssAnon >= 0) assertTrue(Math.abs(p.rssAnon - b.rssAnon) <= RSS_SPLIT_TOLERANCE, who + "RssAnon " + b.rssAnon + " vs /proc " + p.rssAnon + ", file " + b.rssFile + " vs " + p.rssFile);
        assertTrue(Math.abs(p.cpuNs() - b.cpuNs()) <= CPU_TOLERANCE_NS, who + "cpu " + b.cpuNs() + " vs /proc " + p.cpuNs());
        assertTrue(Math.abs(p.minflt - b.minflt) <= 16, who + "minflt " + b.minflt + " vs /proc " + p.minflt);
        assertEquals(p.readBytes, b.readBytes, who + "read_bytes");
        assertEquals(p.writeBytes, b.writeBytes, who + "write_bytes");
    }

    private static Task process(Collector.TaskList list, int pid) {
        return list.processes().stream().filter(t -> t.tgid == pid).findFirst()
                .orElseThrow(() -> new AssertionError("pid " + pid + " not in the " + list.processes().size() + " processes"));
    }
}
