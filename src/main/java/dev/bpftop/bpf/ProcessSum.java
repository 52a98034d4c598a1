package dev.bpftop.bpf;

import dev.bpftop.collect.Task;

/**
 * The records of one thread group in a walk, summed the way /proc/PID/stat sums them: made only
 * for a group one of whose records came whole in this walk (the others' rows are carried forward).
 */
final class ProcessSum {
    private TaskRecord leader;
    /** When this walk read the leader: a leader record kept from an earlier walk carries that walk's time. */
    private long leaderReadNs;
    private long utime, stime, runtime, minflt, majflt, nvcsw, nivcsw, readBytes, writeBytes;

    /** @param readNs when this walk read the task */
    void add(TaskRecord r, long readNs) {
        if (r.tid() == r.tgid()) {
            leader = r;
            leaderReadNs = readNs;
        }
        utime += r.utime();
        stime += r.stime();
        runtime += r.runtime();
        minflt += r.minflt();
        majflt += r.majflt();
        nvcsw += r.nvcsw();
        nivcsw += r.nivcsw();
        readBytes += r.readBytes();
        writeBytes += r.writeBytes();
    }

    /** The process row; null when the leader was not seen (it was reaped mid-walk). */
    Task process(Interner<String> names) {
        if (leader == null) return null;
        Task p = leader.toTask(names);
        p.readNs = leaderReadNs;
        CpuTime.set(p, utime + leader.sigUtime(), stime + leader.sigStime(), runtime + leader.sigRuntime());
        p.minflt = minflt + leader.sigMinflt();
        p.majflt = majflt + leader.sigMajflt();
        // Live threads only, unlike the counters above: /proc shows no exited threads' switches.
        p.nvcsw = nvcsw;
        p.nivcsw = nivcsw;
        if (leader.hasIo()) {
            p.readBytes = readBytes + leader.sigReadBytes();
            p.writeBytes = writeBytes + leader.sigWriteBytes();
        }
        return p;
    }
}
