package dev.bpftop.bpf;

import static dev.bpftop.bpf.TaskRecordLayout.*;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.RawText;
import dev.bpftop.collect.Task;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns one walk's records into process and thread rows, and keeps them for the next walk.
 *
 * <p>A delta walk sends a whole record only for a task that changed since the record it last
 * sent, and a "still here" (struct task_seen) for the rest. The row of such a task is the very
 * row made from its last whole record (a full walk's whole record that says what the last one
 * said counts as "still here" too): its counters did not move, so its cpu_pct is 0 over the new
 * interval, which the snapshot holds, not the row. When the walk read it comes beside the rows.
 * A process whose every thread is still here is the previous walk's process row, with no sum over
 * its threads. Rows are shared, never written once handed over: a row whose command line or
 * memory (a thread's are its leader's) moved without its record is copied first. Sharing keeps a
 * young collection cheap: the rows of idle tasks stay one set of objects, which age out of the
 * young generation, instead of a new set each walk that every collection copies.
 *
 * <p>What is kept is one slot per task of the last walk, in walk order ({@link Slots}). The
 * kernel walks tasks in ascending tid order, so the next walk finds each task's slot by moving a
 * cursor forward, with no hashing; records out of that order (the ring overflowed into the
 * iterator fd) are found through an index built only then. {@link #assemble} returns null when a
 * "still here" names a task whose slot is not kept (the program believes it sent a record that
 * never made it into rows); after that, or after a failure half-way, the kept rows are
 * unreliable: the collector calls {@link #forget} and has the program forget what it sent.
 */
final class WalkRows {
    /**
     * How long a command line stands without a new copy from the walk (to twice that, spread so
     * the re-reads do not all land on one walk). The kernel copies each argv again every 10-20 s,
     * which renews it first; it bounds the /proc-read ones (where the walk could not copy).
     */
    private static final long CMDLINE_TTL_NS = 20_000_000_000L;

    /** Where a process's command line comes from when the kept one will not do. */
    interface Cmdlines {
        /** From the argv the walk copied ({@code leader.hasCmdline()}). */
        String fromWalk(Task process, TaskRecord leader);

        /** From /proc; "" when the process is gone. */
        String fromProc(int pid);
    }

    /** Per task of one walk, in walk order. */
    private static final class Slots {
        int n;
        /** The tids ascend: the next walk can find them with a cursor. */
        boolean ascending;
        int[] tid = new int[0], tgid = new int[0], group = new int[0];
        /** start_boottime: with the tgid, what a "still here" is checked against (kept beside the record, which is not read then). */
        long[] startNs = new long[0], readNs = new long[0], cmdlineExpires = new long[0];
        /** The task's last whole record (without argv), its thread row (null if the walk made none). */
        TaskRecord[] record = new TaskRecord[0];
        Task[] threadRow = new Task[0];
        /** Whether the thread row is an earlier walk's, so not to be written. */
        boolean[] shared = new boolean[0];
        /** For leaders: the process row and its command line (null when not kept). */
        Task[] processRow = new Task[0];
        String[] cmdline = new String[0];

        void ensure(int capacity) {
            if (tid.length >= capacity) return;
            int c = grown(tid.length, capacity);
            tid = Arrays.copyOf(tid, c);
            tgid = Arrays.copyOf(tgid, c);
            group = Arrays.copyOf(group, c);
            startNs = Arrays.copyOf(startNs, c);
            readNs = Arrays.copyOf(readNs, c);
            cmdlineExpires = Arrays.copyOf(cmdlineExpires, c);
            record = Arrays.copyOf(record, c);
            threadRow = Arrays.copyOf(threadRow, c);
            shared = Arrays.copyOf(shared, c);
            processRow = Arrays.copyOf(processRow, c);
            cmdline = Arrays.copyOf(cmdline, c);
        }

        /** Lets go of the rows and records (they belong to an older snapshot). */
        void clear() {
            Arrays.fill(record, 0, n, null);
            Arrays.fill(threadRow, 0, n, null);
            Arrays.fill(processRow, 0, n, null);
            Arrays.fill(cmdline, 0, n, null);
            n = 0;
        }
    }

    private final Interner<String> names = new Interner<>(4096, RawText::decode);
    private Slots prev = new Slots(), cur = new Slots();
    /** The previous walk's slots by tid, built only for a walk whose records come out of order. */
    private final IntIndex prevByTid = new IntIndex();
    /** This walk's thread groups by tgid, and per group: */
    private final IntIndex groups = new IntIndex();
    private int[] leaderSlot = new int[0];
    private boolean[] changed = new boolean[0];
    /** Per group: its process row and command line are the last walk's, untouched (so are its threads' rows). */
    private boolean[] asBefore = new boolean[0];
    private ProcessSum[] sums = new ProcessSum[0];
    private String[] groupCmdline = new String[0];
    private int full, unchanged, same;
    /** Takes a whole record while it is compared with the kept one. */
    private final byte[] scratch = new byte[TaskRecord.SIZE];
    /**
     * Takes each record's head (the fields both kinds share, and a "still here"'s whole): one copy
     * out of the segment, then plain array reads. C1 leaves each segment read a VarHandle call,
     * several times an array load; they were a fifth of a 10,000-task walk's assembly.
     */
    private final byte[] head = new byte[SEEN_SIZE];

    /** Whole records in the last walk. */
    int full() { return full; }

    /** Whole records in the last walk that said what the kept one said (their rows were kept). */
    int same() { return same; }

    /** "Still here" records in the last walk. */
    int unchanged() { return unchanged; }

    /** Whether the last walk had no task at all of thread group {@code tgid}. */
    boolean lacks(int tgid) { return groups.get(tgid) < 0; }

    /** Drops every kept row: after this, a "still here" makes {@link #assemble} return null. */
    void forget() {
        prev.clear();
        cur.clear();
        groups.clear();
    }

    /**
     * @param records    both kinds of record, one after the other, {@code length} bytes in all
     * @param threadRows whether to make thread rows (the threads detail): the processes alone need
     *                   only the records, so a walk for them makes one row per process, not two
     * @return the walk's processes (unsorted) and threads (none unless asked for), or null when a
     *         "still here" names a task whose record is not kept
     */
    Collector.TaskList assemble(MemorySegment records, long length, Cmdlines cmdlines, boolean threadRows) {
        Slots cur = this.cur, prev = this.prev;
        cur.clear();
        groups.clear();
        prevByTid.clear();
        int groupCount = 0, wholes = 0, seen = 0, alike = 0, cursor = 0, highest = 0;
        boolean ascending = true;
        byte[] head = this.head;
        for (long at = 0; at + SEEN_SIZE <= length; ) {
            MemorySegment.copy(records, ValueLayout.JAVA_BYTE, at, head, 0, SEEN_SIZE);
            int size = TaskRecord.i32(head, RECORD_SIZE);
            if (size < SEEN_SIZE || at + size > length) break; // never so; a torn record must not loop
            int tid = TaskRecord.i32(head, TID), tgid = TaskRecord.i32(head, TGID);
            if (tid <= 0 || tgid <= 0) break; // never so
            boolean fresh = (TaskRecord.i32(head, FLAGS) & REC_UNCHANGED) == 0;
            if (fresh && size < SIZE) break;
            // This task's slot in the previous walk, or -1.
            int p;
            if (tid > highest && prev.ascending) {
                while (cursor < prev.n && prev.tid[cursor] < tid) cursor++;
                p = cursor < prev.n && prev.tid[cursor] == tid ? cursor : -1;
            } else {
                p = previousSlot(tid);
            }
            ascending &= tid > highest;
            highest = Math.max(highest, tid);

            TaskRecord record;
            long readNs, start;
            boolean same, shared = false, alikeWhole = fresh && p >= 0 && prev.record[p].sameAs(records, at, scratch);
            Task row = null;
            if (fresh && !alikeWhole) {
                record = TaskRecord.read(records, at); // this walk's, with its argv
                readNs = record.readNs();
                start = record.startNs();
                same = p >= 0 && prev.tgid[p] == tgid && prev.startNs[p] == start;
                if (threadRows) row = record.toTask(names);
                wholes++;
            } else {
                // A whole record alike has the kept one's tgid and start time: the check holds.
                start = alikeWhole ? prev.startNs[p] : TaskRecord.i64(head, SEEN_START_BOOTTIME);
                if (p < 0 || prev.tgid[p] != tgid || prev.startNs[p] != start) return null;
                record = prev.record[p];
                readNs = alikeWhole ? TaskRecord.i64(scratch, READ_NS) : TaskRecord.i64(head, SEEN_READ_NS);
                same = true;
                if (threadRows) {
                    row = prev.threadRow[p];
                    shared = row != null;
                    if (row == null) row = record.toTask(names);
                }
                if (alikeWhole) {
                    fresh = false;
                    wholes++;
                    alike++;
                } else {
                    seen++;
                }
            }
            int s = cur.n++;
            cur.ensure(cur.n);
            cur.tid[s] = tid;
            cur.tgid[s] = tgid;
            cur.startNs[s] = start;
            cur.record[s] = record;
            cur.readNs[s] = readNs;
            cur.threadRow[s] = row;
            cur.shared[s] = shared;
            if (same) {
                cur.processRow[s] = prev.processRow[p];
                cur.cmdline[s] = prev.cmdline[p];
                cur.cmdlineExpires[s] = prev.cmdlineExpires[p];
            }
            int g = groups.get(tgid);
            if (g < 0) {
                g = groupCount++;
                ensureGroups(groupCount);
                groups.put(tgid, g);
                leaderSlot[g] = -1;
                changed[g] = false;
            }
            cur.group[s] = g;
            changed[g] |= fresh;
            if (tid == tgid) leaderSlot[g] = s;
            at += size;
        }
        cur.ascending = ascending;

        // A group with a record that changed is summed again over all its threads, kept ones included.
        for (int g = 0; g < groupCount; g++) if (leaderSlot[g] >= 0 && cur.processRow[leaderSlot[g]] == null) changed[g] = true;
        for (int s = 0; s < cur.n; s++) {
            int g = cur.group[s];
            if (!changed[g]) continue;
            if (sums[g] == null) sums[g] = new ProcessSum();
            sums[g].add(cur.record[s], cur.readNs[s]);
        }

        long now = System.nanoTime();
        List<Task> processRows = new ArrayList<>(groupCount);
        long[] processReadNs = new long[groupCount];
        for (int g = 0; g < groupCount; g++) {
            int l = leaderSlot[g];
            if (l < 0) continue; // the leader was reaped mid-walk: no process row
            Task previous = cur.processRow[l];
            // Most groups of a delta walk: nothing of theirs was sent, and their kept command line
            // stands. Their rows go out without a look at them or their records: at 10,000 idle
            // tasks, reading each kept record and row (scattered over the heap, so mostly cache
            // misses) only to find it as it was took half of this assembly (bench/README.md, stop 33).
            asBefore[g] = !changed[g] && keptCmdlineStands(l, now);
            Task p;
            if (asBefore[g]) {
                p = previous;
                groupCmdline[g] = cur.cmdline[l];
            } else {
                p = changed[g] ? sums[g].process(names) : previous;
                String cmdline = groupCmdline[g] = cmdline(p, l, previous, cmdlines, now);
                if (p == previous && !cmdline.equals(p.cmdline)) p = p.copy();
                if (p != previous) p.cmdline = cmdline;
            }
            cur.processRow[l] = p;
            processReadNs[processRows.size()] = cur.readNs[l];
            processRows.add(p);
        }

        List<Task> threadList = new ArrayList<>(threadRows ? cur.n : 0);
        long[] threadReadNs = new long[threadRows ? cur.n : 0];
        for (int s = 0; s < cur.n; s++) {
            if (threadRows) {
                int g = cur.group[s], l = leaderSlot[g];
                threadReadNs[s] = cur.readNs[s];
                // A kept row of a group as it was already has the group's command line and memory.
                if (!(cur.shared[s] && l >= 0 && asBefore[g])) {
                    cur.threadRow[s] = threadRow(cur.threadRow[s], cur.shared[s], groupCmdline[g],
                            l >= 0 && cur.record[l].hasMm() ? cur.record[l] : null);
                }
                threadList.add(cur.threadRow[s]);
            }
            // Only a group that sent something holds records read in this walk; an earlier walk's is kept already.
            if (changed[cur.group[s]]) cur.record[s] = cur.record[s].kept();
        }
        Arrays.fill(sums, 0, groupCount, null);
        Arrays.fill(groupCmdline, 0, groupCount, null);
        this.prev = cur;
        this.cur = prev;
        prev.clear(); // an older snapshot's rows: not ours to hold
        full = wholes;
        unchanged = seen;
        same = alike;
        return new Collector.TaskList(processRows, threadList, Arrays.copyOf(processReadNs, processRows.size()), threadReadNs, null, null);
    }

    /** The previous walk's slot of {@code tid} through an index, for records that come out of tid order; -1 if none. */
    private int previousSlot(int tid) {
        if (prevByTid.size() == 0) for (int s = 0; s < prev.n; s++) prevByTid.put(prev.tid[s], s);
        return prevByTid.get(tid);
    }

    /**
     * The process's command line: the argv the walk copied; else the one kept for its slot, while
     * it has the same comm (the slot already matched its pid and start time) and has not expired;
     * else /proc's. Kernel threads and zombies have none.
     */
    private String cmdline(Task p, int leader, Task previous, Cmdlines cmdlines, long now) {
        TaskRecord record = cur.record[leader];
        String cmdline;
        if (record.hasCmdline()) {
            cmdline = cmdlines.fromWalk(p, record);
        } else if (p.kernelThread || p.state == 'Z') {
            cur.cmdline[leader] = null;
            return "";
        } else if (previous != null && previous.comm.equals(p.comm) && keptCmdlineStands(leader, now)) {
            return cur.cmdline[leader];
        } else {
            cmdline = cmdlines.fromProc(p.tgid);
        }
        // A user process's argv is empty only while an exec sets it up (comm is set first): kept, it
        // would stand until it expires, since the walk copies each exec's argv once.
        if (cmdline.isEmpty()) {
            cur.cmdline[leader] = null;
            return cmdline;
        }
        cur.cmdline[leader] = cmdline;
        cur.cmdlineExpires[leader] = now + CMDLINE_TTL_NS + ThreadLocalRandom.current().nextLong(CMDLINE_TTL_NS);
        return cmdline;
    }

    /** Whether the command line kept for {@code leader}'s slot is there and not yet expired. */
    private boolean keptCmdlineStands(int leader, long now) { return cur.cmdline[leader] != null && now - cur.cmdlineExpires[leader] < 0; }

    /** The new length of parallel arrays that must hold {@code needed}: half as much again, so a growing system copies rarely. */
    private static int grown(int length, int needed) { return Math.max(needed, length + (length >> 1) + 256); }

    private void ensureGroups(int count) {
        if (leaderSlot.length >= count) return;
        int c = grown(leaderSlot.length, count);
        leaderSlot = Arrays.copyOf(leaderSlot, c);
        changed = Arrays.copyOf(changed, c);
        asBefore = Arrays.copyOf(asBefore, c);
        sums = Arrays.copyOf(sums, c);
        groupCmdline = Arrays.copyOf(groupCmdline, c);
    }

    /**
     * A thread's row with its process's command line and, from the leader's record {@code mm}
     * (null: none to take), memory: {@code row} itself where it holds them already or is this
     * walk's own, else a copy, since a shared row is an earlier snapshot's too.
     */
    private static Task threadRow(Task row, boolean shared, String cmdline, TaskRecord mm) {
        if (shared && Objects.equals(row.cmdline, cmdline) && (mm == null || TaskRecord.sameMemory(row, mm))) return row;
        Task t = shared ? row.copy() : row;
        t.cmdline = cmdline;
        if (mm != null) TaskRecord.setMemory(t, mm);
        return t;
    }
}
