package dev.bpftop.enrich;

import dev.bpftop.collect.NetAccounting;
import dev.bpftop.collect.SystemInfo;
import dev.bpftop.collect.Task;
import dev.bpftop.collect.UserNames;
import dev.bpftop.enrich.gpu.GpuView;
import java.time.Instant;
import java.util.List;

/**
 * Everything one statement sees: one instant of the machine, a value once built. Every table in a
 * query reads the same snapshot, so joins never mix two moments. What the enrichers found comes
 * with it, typed: the tasks themselves stay as the collector read them.
 *
 * @param backend         which collector served it: "bpf" or "procfs"
 * @param readings        what it measured of each row over its interval (cpu_pct, rates): rows may be an earlier snapshot's too
 * @param intervalSeconds seconds between the previous snapshot and this one, over which cpu_pct is measured; 0 for the first
 * @param userNames       user names as /etc/passwd said when the snapshot was taken
 * @param ownership       cgroups: each task's cgroup path and id, owners, the cgroup tree and files
 * @param containers      container details from the runtimes, asked on first use
 * @param gpus            NVML's devices and processes, read on first use
 * @param network         which hooks count network bytes and since when, or why none do
 * @param files           open files and sockets, collected on first use
 */
public record Snapshot(Instant takenAt, String backend, List<Task> processes, List<Task> threads, Readings readings, SystemInfo system,
                       double intervalSeconds, UserNames userNames, Ownership ownership, ContainerCatalog containers,
                       GpuView gpus, NetAccounting network, FileView files) {
    public Snapshot {
        processes = List.copyOf(processes);
        threads = List.copyOf(threads);
    }
}
