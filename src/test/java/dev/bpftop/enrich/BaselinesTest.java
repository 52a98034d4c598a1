package dev.bpftop.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bpftop.collect.StatParser;
import dev.bpftop.collect.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    private static Task task(int tid, long startTicks, long cpu) {
        Task t = new Task();
        t.tid = t.tgid = tid;
        t.startNs = startTicks * StatParser.TICK_NS;
        t.utimeNs = cpu;
        t.readBytes = cpu * 2;
        return t;
    }

    @Test
    void findsEveryTaskOfTheWalkAndNoOther() {
        List<Task> walk = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) walk.add(task(i, i % 7, i * 10L));
        Baselines b = Baselines.of(walk, 5);
        for (Task t : walk) {
            int i = b.find(t);
            assertEquals(t.cpuNs(), b.cpuNs(i), "cpu of " + t.tid);
            assertEquals(t.readBytes, b.readBytes(i), "read bytes of " + t.tid);
            assertEquals(5, b.readNs(i), "a task read at no time of its own counts from the walk's start");
        }
        assertEquals(-1, b.find(task(20_001, 1, 0)), "a task the walk did not see");
        assertEquals(-1, b.find(task(7, 8, 0)), "a reused pid with another start time");
        assertEquals(-1, Baselines.of(List.of(), 0).find(task(1, 1, 0)));
    }

    @Test
    void aTaskListedTwiceKeepsItsLastReading() {
        Baselines b = Baselines.of(List.of(task(3, 1, 10), task(3, 1, 30)), 0);
        assertEquals(30, b.cpuNs(b.find(task(3, 1, 0))));
    }
}
