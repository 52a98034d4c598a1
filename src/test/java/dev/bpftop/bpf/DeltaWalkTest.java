package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.Task;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.PidReuse;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delta walks on real processes: the program sends a task whole only when its record changed
 * since the last one it sent, and "still here" otherwise. Every test counts the record kinds of a
 * walk (the collector reads them back from its buffer) and checks the rows made of them: idle
 * processes come as "still here"; a stop, an exec, a setuid, an exit and a reused pid are seen at
 * the next walk; lost rows are sent again; two loaded programs keep apart what they sent.
 */
class DeltaWalkTest {
    private static final int SLEEPERS = 20;
    static BpfCollector bpf;
    static Spawned sleepers;
    static List<Integer> sleeperPids;

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
        bpf = BpfCollector.open();
        sleepers = Spawned.shell("for i in $(seq " + SLEEPERS + "); do sleep 1010 & done; wait");
        for (int i = 0; i < 500 && sleepers.children().size() < SLEEPERS; i++) Thread.sleep(10);
        sleeperPids = sleepers.children();
        assertEquals(SLEEPERS, sleeperPids.size(), "the sleepers started");
        for (int pid : sleeperPids) awaitSleeping(pid);
    }

    @AfterAll
    static void stop() {
        if (sleepers != null) sleepers.close();
        if (bpf != null) bpf.close();
    }

    @Test
    void idleProcessesComeAsStillHereWithTheirRows() throws Exception {
        Map<Integer, Boolean> kinds = walkUntil(bpf, k -> sleeperPids.stream().allMatch(pid -> Boolean.FALSE.equals(k.get(pid))));
        Collector.TaskList rows = bpf.collect();
        kinds = bpf.lastRecordKinds();
        long stillHere = kinds.values().stream().filter(whole -> !whole).count();
        assertTrue(stillHere >= SLEEPERS, "still here: " + stillHere);
        Map<String, Long> counts = bpf.lastWalk().counts();
        assertEquals(stillHere, counts.get("records_unchanged"), "the collector's count of \"still here\" records");
        assertEquals(kinds.size() - stillHere, counts.get("records_full"), "the collector's count of whole records");
        for (int pid : sleeperPids) {
            Task p = process(rows, pid);
            assertEquals("sleep", p.comm);
            assertEquals("sleep 1010", p.cmdline);
            assertEquals('S', p.state);
            assertEquals(sleepers.pid(), p.ppid);
            assertTrue(p.rss > 0, "rss of " + pid);
            assertEquals(1, rows.threads().stream().filter(t -> t.tgid == pid).count(), "thread rows of " + pid);
        }
    }

    @Test
    void aStoppedAndContinuedProcessIsSentWhole() throws Exception {
        int pid = sleeperPids.get(0);
        walkUntil(bpf, k -> Boolean.FALSE.equals(k.get(pid)));
        signal("STOP", pid);
        awaitState(pid, "T (stopped)");
        Task stopped = process(bpf.collect(), pid);
        assertEquals(Boolean.TRUE, bpf.lastRecordKinds().get(pid), "sent whole after the stop");
        assertEquals('T', stopped.state);
        signal("CONT", pid);
        awaitSleeping(pid);
        Task continued = process(bpf.collect(), pid);
        assertEquals(Boolean.TRUE, bpf.lastRecordKinds().get(pid), "sent whole after the continue");
        assertEquals('S', continued.state);
        assertTrue(continued.nvcsw > stopped.nvcsw || continued.nivcsw > stopped.nivcsw, "it ran to sleep again");
    }

    @Test
    void aBusyProcessIsSentWholeEveryWalk() throws Exception {
        try (Spawned busy = Spawned.shell("while :; do :; done")) {
            long before = process(bpf.collect(), busy.pid()).cpuNs();
            for (int i = 0; i < 3; i++) {
                Thread.sleep(50);
                Task t = process(bpf.collect(), busy.pid());
                assertEquals(Boolean.TRUE, bpf.lastRecordKinds().get(busy.pid()), "walk " + i);
                assertTrue(t.cpuNs() > before, "its CPU time moved: " + t.cpuNs() + " after " + before);
                before = t.cpuNs();
            }
        }
    }

    @Test
    void aNameWrittenByAnotherThreadIsSeenAtTheNextWalk() throws Exception {
        // pthread_setname_np on another thread writes /proc/self/task/TID/comm: the renamed task
        // does not run, only its name moves. Here a second thread renames the sleeping leader when
        // the test writes to a FIFO.
        Path fifo = Files.createTempDirectory("bpftop-delta").resolve("go");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        try (Spawned renamed = Spawned.start("/usr/bin/python3", "-c",
                "import os, threading, time\n"
                        + "def rename():\n"
                        + "    os.read(os.open('" + fifo + "', os.O_RDONLY), 1)\n"
                        + "    open('/proc/self/task/%d/comm' % os.getpid(), 'w').write('renamed-inside')\n"
                        + "    time.sleep(1000)\n"
                        + "threading.Thread(target=rename, daemon=True).start()\n"
                        + "time.sleep(1000)")) {
            awaitSleeping(renamed.pid());
            walkUntil(bpf, k -> Boolean.FALSE.equals(k.get(renamed.pid())));
            Files.writeString(fifo, "x");
            for (int i = 0; i < 500 && !Files.readString(Path.of("/proc/" + renamed.pid() + "/comm")).startsWith("renamed"); i++) Thread.sleep(10);
            Task t = process(bpf.collect(), renamed.pid());
            assertEquals(Boolean.TRUE, bpf.lastRecordKinds().get(renamed.pid()), "sent whole after the rename");
            assertEquals("renamed-inside", t.comm);
        } finally {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(fifo.getParent());
        }
    }

    @Test
    void anExecIsSeenAtTheNextWalk() throws Exception {
        try (Spawned execer = Spawned.start("/usr/bin/python3", "-c",
                "import os, signal, time\n"
                        + "signal.signal(signal.SIGUSR1, lambda *a: os.execv('/bin/sleep', ['sleep', '1011']))\n"
                        + "time.sleep(1000)")) {
            execer.awaitHandler(10); // SIGUSR1 handled
            walkUntil(bpf, k -> Boolean.FALSE.equals(k.get(execer.pid())));
            signal("USR1", execer.pid());
            execer.awaitCmdline("sleep");
            Task t = process(bpf.collect(), execer.pid());
            assertEquals(Boolean.TRUE, bpf.lastRecordKinds().get(execer.pid()));
            assertEquals("sleep", t.comm);
            assertEquals("sleep 1011", t.cmdline);
        }
    }

    @Test
    void aSetuidIsSeenAtTheNextWalk() throws Exception {
        try (Spawned changer = Spawned.start("/usr/bin/python3", "-c",
                "import os, signal, time\n"
                        + "def drop(*a):\n"
                        + "    os.setresgid(65534, 65534, 65534)\n"
                        + "    os.setresuid(65534, 65534, 65534)\n"
                        + "signal.signal(signal.SIGUSR1, drop)\n"
                        + "while True: time.sleep(1000)")) {
            changer.awaitHandler(10); // SIGUSR1 handled
            walkUntil(bpf, k -> Boolean.FALSE.equals(k.get(changer.pid())));
            assertEquals(0, process(bpf.collect(), changer.pid()).uid);
            signal("USR1", changer.pid());
            changer.awaitStatus("Uid:", "65534\t65534\t65534\t65534");
            Task t = process(bpf.collect(), changer.pid());
            assertEquals(Boolean.TRUE, bpf.lastRecordKinds().get(changer.pid()));
            assertEquals(List.of(65534, 65534, 65534, 65534), List.of(t.uid, t.euid, t.suid, t.egid));
        }
    }

    /** An exit is the task's absence from the walk; a new process that gets its pid is a new task, sent whole. */
    @Test
    void anExitAndAReusedPidAreSeen() throws Exception {
        Spawned first = Spawned.shell("exec sleep 1012");
        int pid = first.pid();
        awaitSleeping(pid);
        walkUntil(bpf, k -> Boolean.FALSE.equals(k.get(pid)));
        long firstStart = process(bpf.collect(), pid).startNs;
        first.close();
        assertTrue(bpf.collect().processes().stream().noneMatch(p -> p.tgid == pid), "gone after its exit");
        assertNull(bpf.lastRecordKinds().get(pid));
        try (Spawned second = PidReuse.shellAt(pid, "exec sleep 1012")) {
            awaitSleeping(pid);
            Task t = process(bpf.collect(), pid);
            assertEquals(Boolean.TRUE, bpf.lastRecordKinds().get(pid), "the new process is sent whole");
            assertNotEquals(firstStart, t.startNs, "the row is the new process's");
            assertEquals(Files.readString(Path.of("/proc/" + pid + "/comm")).strip(), t.comm);
        }
    }

    /** Rows the collector lost (a walk it could not take in): the program is told to forget, and sends every task whole. */
    @Test
    void lostRowsAreSentAgain() throws Exception {
        walkUntil(bpf, k -> sleeperPids.stream().allMatch(pid -> Boolean.FALSE.equals(k.get(pid))));
        bpf.dropKeptRows();
        Collector.TaskList rows = bpf.collect();
        assertEquals(2L, bpf.lastWalk().counts().get("walks"), "a second walk after the first named rows it lacked");
        assertEquals(0L, bpf.lastWalk().counts().get("records_unchanged"));
        for (int pid : sleeperPids) assertEquals("sleep 1010", process(rows, pid).cmdline);
        bpf.collect();
        assertEquals(1L, bpf.lastWalk().counts().get("walks"));
    }

    /**
     * Task storage belongs to the map of one loaded object: a second loader, whose program has sent
     * nothing yet, sends every task whole though the first one's program just sent the same tasks,
     * then keeps its own record of what it sent. (The first loader's next walk may send a sleeper
     * whole too: each argv copy expires after 10-20 s, and a walk that copies argv sends it whole.)
     */
    @Test
    void twoLoadersKeepTheirOwnRecordOfWhatTheySent() throws Exception {
        walkUntil(bpf, k -> sleeperPids.stream().allMatch(pid -> Boolean.FALSE.equals(k.get(pid))));
        try (BpfCollector other = BpfCollector.open()) {
            other.collect();
            assertEquals(0L, other.lastWalk().counts().get("records_unchanged"), "the second loader's first walk");
            for (int pid : sleeperPids) assertEquals(Boolean.TRUE, other.lastRecordKinds().get(pid));
            other.collect();
            for (int pid : sleeperPids) assertEquals(Boolean.FALSE, other.lastRecordKinds().get(pid), "the second loader's second walk, pid " + pid);
            assertTrue(bpf.collect().processes().stream().anyMatch(p -> p.tgid == sleeperPids.getFirst()), "the first loader walks on");
            assertEquals(1L, bpf.lastWalk().counts().get("walks"), "the first loader's rows still match what its program sent");
        }
    }

    /**
     * A walk for processes alone (no THREADS detail, as the live view's default query) makes no
     * thread rows; a later walk that wants them makes them from the kept records, right though
     * the tasks come as "still here".
     */
    @Test
    void threadRowsComeBackAfterWalksWithoutThem() throws Exception {
        walkUntil(bpf, k -> sleeperPids.stream().allMatch(pid -> Boolean.FALSE.equals(k.get(pid))));
        Collector.TaskList processesOnly = bpf.collect(EnumSet.of(Detail.STATUS, Detail.CMDLINE));
        assertTrue(processesOnly.threads().isEmpty(), "no thread rows without THREADS");
        assertEquals("sleep 1010", process(processesOnly, sleeperPids.get(2)).cmdline);
        bpf.collect(EnumSet.of(Detail.STATUS));
        Collector.TaskList all = bpf.collect();
        for (int pid : sleeperPids) {
            assertEquals(Boolean.FALSE, bpf.lastRecordKinds().get(pid), "pid " + pid + " is still here");
            Task p = process(all, pid);
            Task t = all.threads().stream().filter(x -> x.tid == pid).findFirst().orElseThrow(() -> new AssertionError("thread " + pid));
            assertEquals(List.of(pid, "sleep", 'S', p.startNs, "sleep 1010", p.rss), List.of(t.tgid, t.comm, t.state, t.startNs, t.cmdline, t.rss));
            long threadRead = all.threadReadNs()[all.threads().indexOf(t)], processRead = all.processReadNs()[all.processes().indexOf(p)];
            long before = processesOnly.processReadNs()[processesOnly.processes().indexOf(process(processesOnly, pid))];
            assertTrue(threadRead > before && threadRead == processRead, "read in this walk: " + threadRead + " / " + processRead + ", before " + before);
        }
    }

    @Test
    void aFullWalkSendsEveryTaskWhole() throws Exception {
        try (BpfCollector full = BpfCollector.open(false)) {
            for (int i = 0; i < 3; i++) {
                full.collect();
                assertFalse(full.lastRecordKinds().containsValue(false), "walk " + i);
                assertEquals(0L, full.lastWalk().counts().get("records_unchanged"));
            }
        }
    }

    /**
     * An idle process's cpu_pct is 0 (not NULL) when its row stands for a "still here", and a
     * snapshot keeps its own values: the next one, which shares the idle process's row, does not
     * change them.
     */
    @Test
    void snapshotsKeepTheirOwnValuesAndIdleCpuIsZero() throws Exception {
        int pid = sleeperPids.get(1);
        try (SnapshotSource source = new SnapshotSource(BpfCollector.open(), Enrichers.none(), 0)) {
            Snapshot first = source.refresh(Detail.all());
            Task firstRow = row(first, pid);
            assertTrue(Double.isNaN(first.readings().cpuPct(firstRow)), "no interval yet");
            Snapshot second = null;
            for (int i = 0; i < 10; i++) {
                Thread.sleep(20);
                second = source.refresh(Detail.all());
            }
            Task secondRow = row(second, pid);
            assertEquals(0.0, second.readings().cpuPct(secondRow), "an idle process over a delta walk");
            assertEquals(0.0, second.readings().readRate(secondRow), "nor does it read");
            assertTrue(Double.isNaN(first.readings().cpuPct(firstRow)), "the first snapshot's value is as it was");
            assertEquals("sleep 1010", secondRow.cmdline);
        }
    }

    private static Task row(Snapshot s, int pid) {
        return s.processes().stream().filter(t -> t.tgid == pid).findFirst().orElseThrow(() -> new AssertionError("pid " + pid));
    }

    /** Walks (at most 20 times, 50 ms apart) until the record kinds satisfy {@code done}, and returns them. */
    private static Map<Integer, Boolean> walkUntil(BpfCollector c, Predicate<Map<Integer, Boolean>> done) throws Exception {
        List<Map<Integer, Boolean>> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            c.collect();
            Map<Integer, Boolean> kinds = c.lastRecordKinds();
            if (done.test(kinds)) return kinds;
            seen.add(kinds);
            Thread.sleep(50);
        }
        throw new AssertionError("the walks never sent the expected tasks as \"still here\"");
    }

    private static Task process(Collector.TaskList list, int pid) {
        return list.processes().stream().filter(t -> t.tgid == pid).findFirst()
                .orElseThrow(() -> new AssertionError("pid " + pid + " not in the " + list.processes().size() + " processes"));
    }

    private static void signal(String name, int pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Integer.toString(pid)).start().waitFor());
    }

    private static void awaitSleeping(int pid) throws Exception { awaitState(pid, "S (sleeping)"); }

    private static void awaitState(int pid, String state) throws Exception {
        Path status = Path.of("/proc/" + pid + "/status");
        for (int i = 0; i < 500; i++) {
            if (Files.readAllLines(status).contains("State:\t" + state)) return;
            Thread.sleep(10);
        }
        throw new AssertionError("pid " + pid + " never showed " + state);
    }
}
