package dev.bpftop.sql;

import static dev.bpftop.sql.ColumnType.*;

import dev.bpftop.cgroup.CgroupFiles;
import dev.bpftop.cgroup.CgroupTree;
import dev.bpftop.collect.Detail;
import dev.bpftop.enrich.ContainerRef;
import dev.bpftop.enrich.Owner;
import dev.bpftop.enrich.Ownership;
import dev.bpftop.enrich.Snapshot;
import java.util.List;
import java.util.function.Function;

/**
 * One row per cgroup v2 directory. Figures come from the cgroup's own files and are NULL where the
 * controller is not enabled for it (on a hybrid host v2 often has only cpu.stat and pressure).
 */
final class CgroupsTable {
    private CgroupsTable() {}

    static TableDef<CgroupTree.Node> def() {
        return TableDef.<CgroupTree.Node>builder("cgroups", "One row per cgroup v2 directory, with its owner, state and resource figures", CgroupsTable::rows)
                // The tree, owners and figures come from the cgroup directories; only the counts read tasks.
                .needs(Needs.NOTHING)
                .column("id", BIGINT, "Cgroup id: inode of the directory, as processes.cgroup_id", (n, s) -> n.id())
                .column("path", VARCHAR, "Path relative to the v2 mount, / for the root", (n, s) -> n.path())
                .column("parent", VARCHAR, "Parent cgroup's path, NULL for the root", (n, s) -> n.parent())
                .column("depth", INTEGER, "Levels below the root (root = 0)", (n, s) -> n.depth())
                .column("unit", VARCHAR, "Innermost systemd unit from the path", (n, s) -> owner(n, s).unit())
                .display(OwnerColumns.UNIT)
                .column("slice", VARCHAR, "Systemd slice holding the unit", (n, s) -> owner(n, s).slice())
                .column("container_id", VARCHAR, "Container this cgroup is or is inside of", (n, s) -> container(n, s))
                .column("processes", INTEGER, Needs.of(Detail.CGROUP), "Processes of this snapshot directly in this cgroup", (n, s) -> own(s).counts(s, n.path())[0])
                .column("threads", INTEGER, Needs.of(Detail.CGROUP, Detail.THREADS), "Threads of this snapshot directly in this cgroup", (n, s) -> own(s).counts(s, n.path())[1])
                .column("frozen", BOOLEAN, "Frozen, by itself or an ancestor (cgroup.events)", (n, s) -> own(s).frozen(n.path()))
                .display(OwnerColumns.FROZEN)
                .column("populated", BOOLEAN, "Any process in it or below (cgroup.events)", (n, s) -> own(s).events(n.path()).populated())
                .column("cpu_usage", DOUBLE, "CPU time used by it and below, seconds (cpu.stat usage_usec)", (n, s) -> seconds(stat(n, s, CgroupFiles.Stats::cpuUsageUsec)))
                .column("cpu_user", DOUBLE, "User CPU time, seconds (cpu.stat user_usec)", (n, s) -> seconds(stat(n, s, CgroupFiles.Stats::cpuUserUsec)))
                .column("cpu_system", DOUBLE, "System CPU time, seconds (cpu.stat system_usec)", (n, s) -> seconds(stat(n, s, CgroupFiles.Stats::cpuSystemUsec)))
                .column("nr_throttled", BIGINT, "Periods in which the CPU limit throttled it (cpu.stat)", (n, s) -> stat(n, s, CgroupFiles.Stats::nrThrottled))
                .column("throttled", DOUBLE, "Time throttled by the CPU limit, seconds (cpu.stat throttled_usec)", (n, s) -> seconds(stat(n, s, CgroupFiles.Stats::throttledUsec)))
                .column("memory_current", BIGINT, "Memory in use by it and below, bytes (memory.current)", (n, s) -> stat(n, s, CgroupFiles.Stats::memoryCurrent))
                .column("memory_peak", BIGINT, "Highest memory use recorded, bytes (memory.peak)", (n, s) -> stat(n, s, CgroupFiles.Stats::memoryPeak))
                .column("memory_max", BIGINT, "Memory limit, bytes (memory.max); NULL for none", (n, s) -> stat(n, s, CgroupFiles.Stats::memoryMax))
                .column("pids_current", BIGINT, "Tasks in it and below (pids.current)", (n, s) -> stat(n, s, CgroupFiles.Stats::pidsCurrent))
                .column("io_read_bytes", BIGINT, "Bytes read, all devices (io.stat rbytes)", (n, s) -> stat(n, s, CgroupFiles.Stats::ioReadBytes))
                .column("io_write_bytes", BIGINT, "Bytes written, all devices (io.stat wbytes)", (n, s) -> stat(n, s, CgroupFiles.Stats::ioWriteBytes))
                .column("io_reads", BIGINT, "Read operations, all devices (io.stat rios)", (n, s) -> stat(n, s, CgroupFiles.Stats::ioReads))
                .column("io_writes", BIGINT, "Write operations, all devices (io.stat wios)", (n, s) -> stat(n, s, CgroupFiles.Stats::ioWrites))
                .column("cpu_some_avg10", DOUBLE, "% of the last 10 s some task waited for CPU (cpu.pressure)", (n, s) -> stat(n, s, CgroupFiles.Stats::cpuSomeAvg10))
                .column("cpu_some_avg60", DOUBLE, "% of the last 60 s some task waited for CPU (cpu.pressure)", (n, s) -> stat(n, s, CgroupFiles.Stats::cpuSomeAvg60))
                .column("memory_some_avg10", DOUBLE, "% of the last 10 s some task stalled on memory (memory.pressure)", (n, s) -> stat(n, s, CgroupFiles.Stats::memorySomeAvg10))
                .column("memory_full_avg10", DOUBLE, "% of the last 10 s all tasks stalled on memory (memory.pressure)", (n, s) -> stat(n, s, CgroupFiles.Stats::memoryFullAvg10))
                .column("io_some_avg10", DOUBLE, "% of the last 10 s some task stalled on I/O (io.pressure)", (n, s) -> stat(n, s, CgroupFiles.Stats::ioSomeAvg10))
                .column("io_full_avg10", DOUBLE, "% of the last 10 s all tasks stalled on I/O (io.pressure)", (n, s) -> stat(n, s, CgroupFiles.Stats::ioFullAvg10))
                .columns(NetColumns.forCgroups())
                .build();
    }

    private static List<CgroupTree.Node> rows(Snapshot s) { return s.ownership().tree(); }

    private static Ownership own(Snapshot s) { return s.ownership(); }

    private static Owner owner(CgroupTree.Node n, Snapshot s) { return own(s).owner(n.path()); }

    private static String container(CgroupTree.Node n, Snapshot s) {
        ContainerRef c = owner(n, s).container();
        return c == null ? null : c.id();
    }

    private static <T> T stat(CgroupTree.Node n, Snapshot s, Function<CgroupFiles.Stats, T> field) {
        return field.apply(own(s).stats(n.path()));
    }

    private static Double seconds(Long usec) { return usec == null ? null : usec / 1e6; }
}
