package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.PreparedQuery;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.Spawned;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values both backends must give alike, each checked through SQL against an independent reader of
 * /proc on real processes: context switches summed over threads, the exact RSS ps shows, kernel
 * threads' full names, no memory split for tasks without an address space, and whole command
 * lines however long. Counters that move are bracketed: read before and after the statement.
 */
class BackendValuesTest {
    static Spawned threads20, zombieParent;
    static final List<Spawned> steady = new ArrayList<>();
    static int zombie;
    static final Map<String, Session> sessions = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
        // 20 threads that switch all the time (each sleeps 1 ms in a loop); the leader waits on a lock.
        threads20 = Spawned.start("/usr/bin/python3", "-c",
                "import threading, time\n"
                        + "def spin():\n"
                        + "    while True: time.sleep(0.001)\n"
                        + "for _ in range(19): threading.Thread(target=spin, daemon=True).start()\n"
                        + "threading.Event().wait()");
        threads20.awaitStatus("Threads:", "20");
        zombieParent = Spawned.shell("sleep 0 & exec sleep 1005");
        zombie = zombieParent.awaitZombieChild();
        // Processes whose memory holds still, so the RSS comparison never depends on what else runs
        // (a CI container may have only the build): each has anon, file and shmem pages, then waits.
        for (int i = 0; i < 3; i++) {
            Spawned s = Spawned.start("/usr/bin/python3", "-c",
                    "import mmap, threading\n"
                            + "open('/usr/bin/python3', 'rb').read()\n"
                            + "anon = bytearray(b'x' * (4 << 20))\n"
                            + "shm = mmap.mmap(-1, 2 << 20, flags=mmap.MAP_SHARED)\n"
                            + "shm.write(b'y' * (2 << 20))\n"
                            + "threading.Event().wait()");
            steady.add(s);
            s.awaitStatus("RssShmem:", "2048 kB");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Session s : sessions.values()) s.close();
        for (Spawned s : new Spawned[] {threads20, zombieParent}) if (s != null) s.close();
        for (Spawned s : steady) s.close();
    }

    private static Session session(String backend) {
        return sessions.computeIfAbsent(backend, b -> {
            Collector c = b.equals("bpf") ? BpfCollector.open() : new ProcfsCollector();
            return new Session(new SnapshotSource(c, Enrichers.none(), 0));
        });
    }

    private static List<Object[]> rows(String backend, String sql) throws Exception {
        return session(backend).execute(sql).rows();
    }

    /**
     * /proc/PID/status counts the leader's switches only; a process row sums all its live threads',
     * without making the threads' rows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void contextSwitchesAreSummedOverThreads(String backend) throws Exception {
        int pid = threads20.pid();
        // Prepared and run twice: the second run collects only what the query's columns declare they need.
        try (PreparedQuery q = session(backend).prepare(
                "SELECT voluntary_ctxt_switches, nonvoluntary_ctxt_switches FROM processes WHERE pid = " + pid)) {
            for (int run = 0; run < 2; run++) {
                long[] before = switchesOverThreads(pid);
                Object[] row = q.run().rows().getFirst();
                long[] after = switchesOverThreads(pid);
                long voluntary = (Long) row[0], involuntary = (Long) row[1];
                String what = backend + " run " + run + ": " + voluntary + "/" + involuntary + " against /proc/" + pid
                        + "/task/*/status " + before[0] + "/" + before[1] + " before, " + after[0] + "/" + after[1] + " after";
                assertTrue(before[0] <= voluntary && voluntary <= after[0], what);
                assertTrue(before[1] <= involuntary && involuntary <= after[1], what);
                assertTrue(voluntary > leaderOnly(pid) * 5, what + "; the leader alone has " + leaderOnly(pid));
                // Summing needs no thread rows: once the needs are known, the snapshot holds none (memory at 10,000 processes).
                if (run == 1) assertEquals(0, session(backend).snapshot().threads().size(), backend + ": thread rows for a query over processes");
            }
        }
    }

    /**
     * rss is VmRSS (anon + file + shmem, summed exactly over the per-CPU counters, as ps shows it),
     * not /proc/PID/stat's central counter value. Compared for every process whose VmRSS did not
     * move between a read before and a read after the statement.
     */
    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void rssIsTheExactSumThatPsShows(String backend) throws Exception {
        Map<Integer, long[]> before = memoryOfAll();
        List<Object[]> rows = rows(backend, "SELECT pid, rss, rss_anon, rss_file, rss_shmem FROM processes WHERE NOT kernel_thread");
        Map<Integer, long[]> after = memoryOfAll();
        int compared = 0, statDiffers = 0;
        List<String> problems = new ArrayList<>();
        java.util.Set<Integer> measuring = new java.util.HashSet<>();
        for (var h = java.util.Optional.of(ProcessHandle.current()); h.isPresent(); h = h.get().parent()) measuring.add((int) h.get().pid());
        for (Object[] r : rows) {
            int pid = (Integer) r[0];
            long[] b = before.get(pid), a = after.get(pid);
            if (b == null || a == null || !java.util.Arrays.equals(b, a) || r[2] == null) continue;
            // This JVM and the build that started it change their memory while they measure it (their
            // RSS moved and came back within one statement in CI); they are not steady processes.
            if (measuring.contains(pid)) continue;
            compared++;
            long rss = (Long) r[1], sum = (Long) r[2] + (Long) r[3] + (Long) r[4];
            if (rss != b[0] || rss != sum || (Long) r[2] != b[1] || (Long) r[3] != b[2] || (Long) r[4] != b[3])
                problems.add("pid " + pid + ": rss " + rss + " anon+file+shmem " + sum + " vs VmRSS " + b[0]);
            long statRss = statRss(pid);
            if (statRss >= 0 && statRss != b[0]) statDiffers++;
        }
        System.out.println(backend + ": rss equal to VmRSS for " + (compared - problems.size()) + " of " + compared
                + " steady processes; /proc/PID/stat's rss differed from VmRSS for " + statDiffers);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(compared >= 3, "too few steady processes to compare: " + compared);
        for (Spawned s : steady)
            assertTrue(rows.stream().anyMatch(r -> (Integer) r[0] == s.pid() && (Long) r[4] > 0),
                    "the test's own process " + s.pid() + " is listed with its shmem");
    }

    /** Kernel threads show their full names as /proc does, not the 15 bytes of comm. */
    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void kernelThreadsShowTheirFullNames(String backend) throws Exception {
        Map<Integer, String> before = kernelThreadNames();
        List<Object[]> rows = rows(backend, "SELECT pid, comm FROM processes WHERE kernel_thread");
        Map<Integer, String> after = kernelThreadNames();
        List<String> problems = new ArrayList<>();
        int longNames = 0;
        for (Object[] r : rows) {
            int pid = (Integer) r[0];
            String name = (String) r[1];
            if (!Objects.equals(before.get(pid), name) && !Objects.equals(after.get(pid), name) && after.containsKey(pid)
                    && !sameWorker(name, after.get(pid)))
                problems.add(pid + ": " + name + " vs /proc " + before.get(pid) + " / " + after.get(pid));
            if (name.length() > 15) longNames++;
        }
        assertTrue(problems.isEmpty(), backend + ":\n" + String.join("\n", problems));
        assertTrue(rows.size() > 10, "implausibly few kernel threads: " + rows.size());
        Require.that(longNames > 0, "a kernel thread whose name is longer than 15 bytes");
    }

    /** No address space (kernel threads, zombies): rss 0 and the split NULL on both backends, as /proc/PID/status shows no Rss lines. */
    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void tasksWithoutAnAddressSpaceHaveNoMemorySplit(String backend) throws Exception {
        List<Object[]> rows = rows(backend, "SELECT pid, rss, rss_anon, rss_file, rss_shmem, shared, vsz FROM processes "
                + "WHERE kernel_thread OR pid = " + zombie);
        assertTrue(rows.stream().anyMatch(r -> (Integer) r[0] == zombie), "the zombie is there");
        for (Object[] r : rows) {
            String what = backend + " pid " + r[0] + ": " + java.util.Arrays.toString(r);
            assertEquals(0L, r[1], what);
            assertNull(r[2], what);
            assertNull(r[3], what);
            assertNull(r[4], what);
            assertNull(r[5], what);
            assertEquals(0L, r[6], what);
        }
    }

    /** The walk copies 4 KiB of argv; a longer command line is flagged and read whole from /proc. */
    @ParameterizedTest
    @ValueSource(ints = {100_000, 1_000_000})
    void longCommandLinesAreWhole(int bytes) throws Exception {
        // One argument may be at most 128 KiB (MAX_ARG_STRLEN): a megabyte takes ten.
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "read line", "sh"));
        for (int left = bytes, i = 0; left > 0; left -= 100_000, i++) argv.add(Character.toString('a' + i).repeat(Math.min(left, 100_000) - 1));
        // The shell waits on its stdin (a pipe from this JVM): no child of its own that could outlive the test.
        try (Spawned p = Spawned.start(argv.toArray(String[]::new))) {
            String expected = awaitCommandLine(p.pid(), argv.getLast());
            assertTrue(expected.length() >= bytes, "the command line is " + expected.length() + " bytes");
            for (String backend : List.of("procfs", "bpf")) {
                // Twice: the second walk skips the unchanged argv and must keep the whole line.
                for (int run = 0; run < 2; run++) {
                    String cmdline = (String) rows(backend, "SELECT cmdline FROM processes WHERE pid = " + p.pid()).getFirst()[0];
                    assertEquals(expected.length(), cmdline == null ? -1 : cmdline.length(), backend + " run " + run);
                    assertTrue(expected.equals(cmdline), backend + " run " + run + ": same length, different bytes");
                }
            }
        }
    }

    /**
     * A workqueue worker's name ends in what it last ran ("kworker/u8:2-events_unbound", '+' while
     * running it), which changes by the millisecond: two names of one worker agree up to there.
     */
    private static boolean sameWorker(String a, String b) {
        String id = workerId(a);
        return id != null && id.equals(workerId(b)) && a.length() > id.length() + 1 && b.length() > id.length() + 1;
    }

    /** "kworker/u8:2" of "kworker/u8:2-events_unbound"; null for other names. */
    private static String workerId(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(kworker/u?\\d+:\\d+[HF]?)[-+]").matcher(name);
        return m.find() ? m.group(1) : null;
    }

    /** Until the child has exec'd the shell, its command line is still the JVM's. */
    private static String awaitCommandLine(int pid, String lastArgument) throws Exception {
        Path file = Path.of("/proc/" + pid + "/cmdline");
        for (int i = 0; i < 1000; i++) {
            byte[] raw = Files.readAllBytes(file);
            String line = ProcfsCollector.joinArgs(raw, raw.length);
            if (line.endsWith(" " + lastArgument)) return line;
            Thread.sleep(10);
        }
        throw new AssertionError("the shell never started");
    }

    /** voluntary and nonvoluntary switches summed over /proc/PID/task/*&#47;status. */
    private static long[] switchesOverThreads(int pid) throws IOException {
        long[] sum = new long[2];
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Integer.toString(pid), "task"))) {
            for (Path task : tasks) {
                Map<String, String> status = status(task.resolve("status"));
                sum[0] += Long.parseLong(status.get("voluntary_ctxt_switches"));
                sum[1] += Long.parseLong(status.get("nonvoluntary_ctxt_switches"));
            }
        }
        return sum;
    }

    private static long leaderOnly(int pid) throws IOException {
        return Long.parseLong(status(Path.of("/proc", Integer.toString(pid), "status")).get("voluntary_ctxt_switches"));
    }

    /** VmRSS, RssAnon, RssFile, RssShmem in bytes, of every process that has them. */
    private static Map<Integer, long[]> memoryOfAll() throws IOException {
        Map<Integer, long[]> out = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    Map<String, String> s = status(dir.resolve("status"));
                    if (!s.containsKey("VmRSS")) continue;
                    out.put(Integer.parseInt(dir.getFileName().toString()),
                            new long[] {kib(s.get("VmRSS")), kib(s.get("RssAnon")), kib(s.get("RssFile")), kib(s.get("RssShmem"))});
                } catch (IOException e) {
                    // exited
                }
            }
        }
        return out;
    }

    private static Map<Integer, String> kernelThreadNames() throws IOException {
        Map<Integer, String> out = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    Map<String, String> s = status(dir.resolve("status"));
                    if (!s.containsKey("VmRSS") && s.get("PPid").equals("2") || dir.getFileName().toString().equals("2"))
                        out.put(Integer.parseInt(dir.getFileName().toString()), s.get("Name"));
                } catch (IOException e) {
                    // exited
                }
            }
        }
        return out;
    }

    /** -1 once the process has exited: the figure is only counted for the message. */
    private static long statRss(int pid) throws IOException {
        String s;
        try {
            s = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        } catch (java.nio.file.NoSuchFileException gone) {
            return -1;
        }
        return Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[21]) * 4096;
    }

    private static long kib(String value) { return Long.parseLong(value.split("\\s+")[0]) * 1024; }

    private static Map<String, String> status(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon > 0) out.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return out;
    }
}
