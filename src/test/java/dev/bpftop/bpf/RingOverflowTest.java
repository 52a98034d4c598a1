package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Task;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A walk larger than the ring: the records it has no room for come through the iterator's own
 * output, and the rows are the same as with a ring that holds them all. A process with 1,500
 * threads makes any walk overflow the smallest ring (256 KiB: about 680 whole records).
 */
class RingOverflowTest {
    private static final int THREADS = 1500;
    static Spawned many;

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
        many = Spawned.start("/usr/bin/python3", "-c",
                "import threading\n"
                        + "for _ in range(" + (THREADS - 1) + "): threading.Thread(target=threading.Event().wait, daemon=True).start()\n"
                        + "threading.Event().wait()");
        // Under emulation (the bin/vmtest guests) starting them takes tens of seconds.
        many.awaitStatus("Threads:", Integer.toString(THREADS), 120);
    }

    @AfterAll
    static void stop() {
        if (many != null) many.close();
        RingSize.forTests = 0;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOverflowingWalkGivesTheSameRowsAsAWholeOne(boolean delta) {
        RingSize.forTests = RingSize.MIN;
        BpfCollector small;
        try {
            small = BpfCollector.open(BpfCollector.embeddedObject(), true, true, delta);
        } finally {
            RingSize.forTests = 0;
        }
        try (small; BpfCollector whole = BpfCollector.open(BpfCollector.embeddedObject(), true, true, delta)) {
            for (int walk = 0; walk < 3; walk++) {
                Collector.TaskList a = small.collect(), b = whole.collect();
                long records = small.lastWalk().counts().get("records_full") + small.lastWalk().counts().get("records_unchanged");
                if (walk == 0) assertTrue(records * 384 > RingSize.MIN, "the walk overflowed the ring: " + records + " records");
                Set<Integer> threadsOfMany = a.threads().stream().filter(t -> t.tgid == many.pid()).map(t -> t.tid).collect(Collectors.toSet());
                assertEquals(THREADS, threadsOfMany.size(), "walk " + walk + ": every thread of the test's process");
                Task p = a.processes().stream().filter(t -> t.tgid == many.pid()).findFirst().orElseThrow();
                assertEquals(THREADS, p.threads);
                assertEquals("python3", p.comm);
                // Tasks of this test's own process come and go (the JVM's); everything else the two walks agree on.
                Map<Integer, String> left = byTid(a), right = byTid(b);
                Set<Integer> both = new TreeSet<>(left.keySet());
                both.retainAll(right.keySet());
                assertTrue(both.size() > THREADS, "the walks share " + both.size() + " tasks");
                for (int tid : both) assertEquals(right.get(tid), left.get(tid), "task " + tid + " on walk " + walk);
            }
        }
    }

    private static Map<Integer, String> byTid(Collector.TaskList list) {
        Map<Integer, String> m = new TreeMap<>();
        // Names only for the test's own process: a kernel worker's changes with its work, and another
        // process may exec between the two walks (a shell becoming sleep); who a task is stays put.
        for (Task t : list.threads()) m.put(t.tid, t.tgid + " " + (t.tgid == many.pid() ? t.comm : "") + " " + t.ppid + " " + t.uid + " " + t.startNs);
        return m;
    }
}
