package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bpftop.collect.Collector.TaskList;
import dev.bpftop.collect.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Processes come sorted by pid, each still beside its own reading time. */
class ProcessOrderTest {
    @Test
    void sortsProcessesWithTheirReadingTimes() {
        TaskList walk = new TaskList(List.of(task(30, 3), task(10, 1), task(20, 2)), List.of(task(30, 3)),
                new long[] {300, 100, 200}, new long[] {301}, null, null);
        TaskList init = new TaskList(List.of(task(1, 0)), List.of(task(1, 0), task(2, 0)), new long[] {7}, new long[] {8, 9}, null, null);
        TaskList sorted = ProcessOrder.sorted(walk, init);
        assertEquals(List.of(1, 10, 20, 30), sorted.processes().stream().map(t -> t.tgid).toList());
        assertArrayEquals(new long[] {7, 100, 200, 300}, sorted.processReadNs());
        assertEquals(List.of(30, 1, 2), sorted.threads().stream().map(t -> t.tid).toList());
        assertArrayEquals(new long[] {301, 8, 9}, sorted.threadReadNs());
    }

    @Test
    void putsTheStandInAheadOfAnOrderedWalk() {
        TaskList walk = new TaskList(List.of(task(10, 1), task(20, 2)), List.of(), new long[] {100, 200}, new long[0], null, null);
        TaskList sorted = ProcessOrder.sorted(walk, new TaskList(List.of(task(1, 0)), List.of(), new long[] {7}, new long[0], null, null));
        assertEquals(List.of(1, 10, 20), sorted.processes().stream().map(t -> t.tgid).toList());
        assertArrayEquals(new long[] {7, 100, 200}, sorted.processReadNs());
        assertArrayEquals(new long[] {100, 200}, ProcessOrder.sorted(walk, null).processReadNs());
    }

    private static Task task(int pid, long readNs) {
        Task t = new Task();
        t.tgid = t.tid = pid;
        t.readNs = readNs;
        return t;
    }
}
