package dev.bpftop.sql;

import static dev.bpftop.sql.ColumnType.*;

import dev.bpftop.collect.Detail;
import dev.bpftop.collect.SystemInfo;
import dev.bpftop.enrich.Snapshot;
import java.util.List;

/** One row: the machine as a whole at the snapshot's instant. */
final class SystemTable {
    private SystemTable() {}

    static TableDef<Snapshot> def() {
        return TableDef.<Snapshot>builder("system", "One row describing the whole machine", List::of)
                // Read from /proc/stat, meminfo and loadavg by every snapshot, not from the task walk.
                .needs(Needs.NOTHING)
                .column("hostname", VARCHAR, "Host name", (s, x) -> sys(s).hostname())
                .column("kernel", VARCHAR, "Kernel release", (s, x) -> sys(s).kernel())
                .column("uptime", DOUBLE, "Seconds since boot", (s, x) -> sys(s).uptimeSeconds())
                .column("boot_time", TIMESTAMP, "When the machine booted (local time)", (s, x) -> TaskColumns.localMillis(s, 0))
                .column("load1", DOUBLE, "Load average over 1 minute", (s, x) -> sys(s).load1())
                .column("load5", DOUBLE, "Load average over 5 minutes", (s, x) -> sys(s).load5())
                .column("load15", DOUBLE, "Load average over 15 minutes", (s, x) -> sys(s).load15())
                .column("cpu_count", INTEGER, "Online CPUs", (s, x) -> sys(s).cpuCount())
                .column("mem_total", BIGINT, "Physical memory, bytes", (s, x) -> sys(s).memTotal())
                .column("mem_free", BIGINT, "Unused memory, bytes", (s, x) -> sys(s).memFree())
                .column("mem_available", BIGINT, "Memory available without swapping, bytes", (s, x) -> sys(s).memAvailable())
                .column("mem_used", BIGINT, "mem_total - mem_available, bytes", (s, x) -> sys(s).memTotal() - sys(s).memAvailable())
                .column("buffers", BIGINT, "Block device buffers, bytes", (s, x) -> sys(s).buffers())
                .column("cached", BIGINT, "Page cache, bytes", (s, x) -> sys(s).cached())
                .column("swap_total", BIGINT, "Swap space, bytes", (s, x) -> sys(s).swapTotal())
                .column("swap_free", BIGINT, "Unused swap, bytes", (s, x) -> sys(s).swapFree())
                .column("procs_running", INTEGER, "Runnable tasks", (s, x) -> sys(s).procsRunning())
                .column("procs_blocked", INTEGER, "Tasks blocked on I/O", (s, x) -> sys(s).procsBlocked())
                .column("processes", INTEGER, "Processes in this snapshot", (s, x) -> s.processes().size())
                .column("threads", INTEGER, Needs.of(Detail.THREADS), "Threads in this snapshot", (s, x) -> s.threads().size())
                .column("backend", VARCHAR, "Collector that took this snapshot: bpf or procfs", (s, x) -> s.backend())
                .column("net_hooks", VARCHAR, Needs.of(Detail.NET), "What counts network bytes per process: fexit or kprobe hooks on bpf; NULL on procfs, which has no per-process counters", (s, x) -> s.network().hooks())
                .column("net_since", TIMESTAMP, Needs.of(Detail.NET), "When network accounting began (the hooks were attached, on the first statement of the session that read a network column): net_*_bytes count from here; NULL on procfs", (s, x) -> s.network().since() == null ? null : local(s.network().since().toEpochMilli()))
                .column("snapshot_time", TIMESTAMP, "When the snapshot was taken (local time)", (s, x) -> local(s.takenAt().toEpochMilli()))
                .column("cpu_interval", DOUBLE, Needs.INTERVAL, "Seconds between the two walks cpu_pct compares (each task's is over the time between its own two readings)", (s, x) -> s.intervalSeconds())
                .build();
    }

    private static SystemInfo sys(Snapshot s) { return s.system(); }

    private static long local(long epochMillis) {
        return epochMillis + java.util.TimeZone.getDefault().getOffset(epochMillis);
    }
}
