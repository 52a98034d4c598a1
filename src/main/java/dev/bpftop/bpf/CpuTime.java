package dev.bpftop.bpf;

import dev.bpftop.collect.Task;

/**
 * The kernel samples utime/stime at ticks but measures total runtime precisely; /proc reports the
 * sampled split scaled to the precise total (kernel/sched/cputime.c, cputime_adjust). We do the
 * same so both backends agree. The kernel also keeps the result monotonic per task with state we
 * cannot see; the difference is at most the last tick or so.
 */
final class CpuTime {
    private CpuTime() {}

    /** Sets {@code t}'s utime and stime (ns) to the sampled split of {@code rtime}. */
    static void set(Task t, long utime, long stime, long rtime) {
        long s = stime == 0 ? 0 : utime == 0 ? rtime : Math.min(scale(stime, rtime, stime + utime), rtime);
        t.utimeNs = rtime - s;
        t.stimeNs = s;
    }

    /** stime * rtime / total; past 2^63 in the product, doubles keep ample precision for nanoseconds. */
    private static long scale(long stime, long rtime, long total) {
        if (Math.multiplyHigh(stime, rtime) == 0 && stime * rtime >= 0) return stime * rtime / total;
        return (long) ((double) stime * rtime / total);
    }
}
