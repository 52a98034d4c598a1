package dev.bpftop.bpf;

import dev.bpftop.collect.Task;

/** The records of one thread group in a walk, summed the way /proc/PID/stat sums them; a new one for each walk. */
final class ProcessSum {
    TaskRecord leader;
    /** When this walk read the leader: a leader record kept from an earlier walk carries that walk's time. */
    long leaderReadNs;
    /** Whether any of the group's records came whole from this walk; if none did, the process is as the previous walk saw it. */
    boolean changed;
    String cmdline;
    private long utime, stime, runtime, minflt, majflt, nvcsw, nivcsw, readBytes, writeBytes;

    /**
     * @param readNs when this walk read the task
     * @param fresh  the record came whole from this walk (not kept from an earlier one)
     */
    void add(TaskRecord r, long readNs, boolean fresh) {
        if (r.tid() == r.tgid()) {
            leader = r;
            leaderReadNs = readNs;
        }
        changed |= fresh;
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
    Task process() {
        if (leader == null) return null;
        Task p = leader.toTask();
        p.readNs = leaderReadNs;
        long[] times = CpuTime.adjust(utime + leader.sigUtime(), stime + leader.sigStime(), runtime + leader.sigRuntime());
        p.utimeNs = times[0];
        p.stimeNs = times[1];
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
