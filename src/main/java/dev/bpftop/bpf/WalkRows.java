package dev.bpftop.bpf;

import static dev.bpftop.bpf.TaskRecordLayout.*;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Task;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns one walk's records into process and thread rows, and keeps them for the next walk.
 *
 * <p>A delta walk sends a whole record only for a task that changed since the record it last
 * sent, and a "still here" (struct task_seen) for the rest. The row of such a task is a copy of
 * the row made from its last whole record, read at the new time: its counters did not move, so
 * its cpu_pct is 0 over the new interval. A process whose every thread is still here is the
 * previous walk's process row, again copied. Rows are copied, never shared, so an earlier
 * snapshot keeps its own (with its own cpu_pct).
 *
 * <p>What is kept lives in two maps updated in place (a walk of 10,000 mostly idle tasks then
 * allocates a row copy per task, not two new maps); entries a walk did not touch are dropped at
 * its end. {@link #assemble} returns null when a "still here" names a task whose row is not kept
 * (the program believes it sent a record that never made it into rows); after that, or after a
 * failure half-way, the kept rows are unreliable: the collector calls {@link #forget} and has the
 * program forget what it sent.
 */
final class WalkRows {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    /** A process's command line, given its row and its leader's record (which may carry the argv). */
    interface Cmdlines {
        String of(Task process, TaskRecord leader);
    }

    /** A thread's last whole record (copied, without argv) and its row in the last walk (null if that walk made none). */
    private static final class KeptThread {
        TaskRecord record;
        Task row;
        long walk;
    }

    /**
     * A process's row in the last walk, and this walk's sum of its threads: made for the walk and
     * dropped at its end, as a monitor would otherwise hold one per process between walks.
     */
    private static final class KeptProcess {
        ProcessSum sum;
        Task row;
        long walk;
    }

    private Map<Integer, KeptThread> threads = new HashMap<>();
    private Map<Integer, KeptProcess> processes = new HashMap<>();
    private long walk;
    private int full, unchanged;

    /** Whole records in the last walk. */
    int full() { return full; }

    /** "Still here" records in the last walk. */
    int unchanged() { return unchanged; }

    /** Whether the last walk had no task at all of thread group {@code tgid}. */
    boolean lacks(int tgid) {
        KeptProcess group = processes.get(tgid);
        return group == null || group.walk != walk;
    }

    /** Drops every kept row: after this, a "still here" makes {@link #assemble} return null. */
    void forget() {
        threads = new HashMap<>();
        processes = new HashMap<>();
    }

    /**
     * @param records    both kinds of record, one after the other, {@code length} bytes in all
     * @param threadRows whether to make thread rows (the threads detail): the processes alone need
     *                   only the records, so a walk for them makes one row per process, not two
     * @return the walk's processes (unsorted) and threads (none unless asked for), or null when a
     *         "still here" names a task whose record is not kept
     */
    Collector.TaskList assemble(MemorySegment records, long length, Cmdlines cmdlines, boolean threadRows) {
        long now = ++walk;
        List<Task> threadList = new ArrayList<>(threadRows ? threads.size() + 256 : 0);
        List<KeptProcess> groupOf = new ArrayList<>(threadRows ? threads.size() + 256 : 0);
        List<KeptProcess> groups = new ArrayList<>(processes.size() + 256);
        int wholes = 0, seen = 0;
        for (long at = 0; at + SEEN_SIZE <= length; ) {
            int size = records.get(I32, at + RECORD_SIZE);
            if (size < SEEN_SIZE || at + size > length) break; // never so; a torn record must not loop
            int tid = records.get(I32, at + TID), tgid = records.get(I32, at + TGID);
            boolean fresh = (records.get(I32, at + FLAGS) & REC_UNCHANGED) == 0;
            KeptThread kept = threads.get(tid);
            TaskRecord record;
            Task row = null;
            long readNs;
            if (fresh) {
                if (size < SIZE) break;
                record = new TaskRecord(records, at); // this walk's, with its argv
                readNs = record.readNs();
                if (threadRows) row = record.toTask();
                if (kept == null) threads.put(tid, kept = new KeptThread());
                kept.record = record.kept();
                wholes++;
            } else {
                if (kept == null || kept.walk != now - 1 || kept.record.tgid() != tgid
                        || kept.record.startNs() != records.get(I64, at + SEEN_START_BOOTTIME)) return null;
                record = kept.record;
                readNs = records.get(I64, at + SEEN_READ_NS);
                if (threadRows) {
                    row = kept.row != null ? kept.row.carriedForward() : record.toTask();
                    row.readNs = readNs;
                }
                seen++;
            }
            kept.row = row;
            kept.walk = now;
            KeptProcess group = processes.get(tgid);
            if (group == null) processes.put(tgid, group = new KeptProcess());
            if (group.walk != now) {
                // First of its group in this walk: the row it had is the previous walk's, or none.
                if (group.walk != now - 1) group.row = null;
                group.walk = now;
                group.sum = new ProcessSum();
                groups.add(group);
            }
            group.sum.add(record, readNs, fresh);
            if (threadRows) {
                threadList.add(row);
                groupOf.add(group);
            }
            at += size;
        }
        List<Task> processRows = new ArrayList<>(groups.size());
        for (KeptProcess group : groups) {
            ProcessSum g = group.sum;
            Task p = g.changed || group.row == null || g.leader == null ? g.process() : sameProcess(group.row, g);
            group.row = p;
            if (p == null) continue;
            p.cmdline = g.cmdline = cmdlines.of(p, g.leader);
            processRows.add(p);
        }
        for (int i = 0; i < threadList.size(); i++) {
            Task t = threadList.get(i);
            ProcessSum g = groupOf.get(i).sum;
            t.cmdline = g.cmdline;
            if (g.leader != null && g.leader.hasMm()) TaskRecord.setMemory(t, g.leader);
        }
        for (KeptProcess group : groups) group.sum = null;
        dropUnseen(threads.values().iterator(), now);
        dropUnseenProcesses(processes.values().iterator(), now);
        full = wholes;
        unchanged = seen;
        return new Collector.TaskList(processRows, threadList);
    }

    /** The previous walk's row of a process none of whose records changed, read at the leader's new time. */
    private static Task sameProcess(Task previous, ProcessSum g) {
        Task p = previous.carriedForward();
        p.readNs = g.leaderReadNs;
        return p;
    }

    private static void dropUnseen(Iterator<KeptThread> it, long now) {
        while (it.hasNext()) if (it.next().walk != now) it.remove();
    }

    private static void dropUnseenProcesses(Iterator<KeptProcess> it, long now) {
        while (it.hasNext()) if (it.next().walk != now) it.remove();
    }
}
