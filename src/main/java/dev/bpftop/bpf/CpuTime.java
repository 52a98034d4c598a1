package dev.bpftop.bpf;

/**
 * The kernel samples utime/stime at ticks but measures total runtime precisely; /proc reports the
 * sampled split scaled to the precise total (kernel/sched/cputime.c, cputime_adjust). We do the
 * same so both backends agree. The kernel also keeps the result monotonic per task with state we
 * cannot see; the difference is at most the last tick or so.
 */
final class CpuTime {
    private CpuTime() {}

    /** @return {user, system} nanoseconds */
    static long[] adjust(long utime, long stime, long rtime) {
        if (stime == 0) return new long[] {rtime, 0};
        if (utime == 0) return new long[] {0, rtime};
        long s = scale(stime, rtime, stime + utime);
        if (s > rtime) s = rtime;
        return new long[] {rtime - s, s};
    }

    /** stime * rtime / total; past 2^63 in the product, doubles keep ample precision for nanoseconds. */
    private static long scale(long stime, long rtime, long total) {
        if (Math.multiplyHigh(stime, rtime) == 0 && stime * rtime >= 0) return stime * rtime / total;
        return (long) ((double) stime * rtime / total);
    }
}
