package dev.bpftop.collect;

import java.util.List;

/** Machine-wide figures read from /proc/{uptime,loadavg,meminfo,stat}; a handful of reads whatever the process count. */
public record SystemInfo(
        String hostname,
        String kernel,
        double uptimeSeconds,
        double load1, double load5, double load15,
        long memTotal, long memFree, long memAvailable, long buffers, long cached,
        long swapTotal, long swapFree,
        int cpuCount,
        long bootTimeEpochSeconds,
        int procsRunning, int procsBlocked,
        /** Busy and total jiffies per CPU (index = cpu), for per-core usage between snapshots. */
        List<CpuTimes> cpus) {

    public record CpuTimes(long busy, long total) {}
}
