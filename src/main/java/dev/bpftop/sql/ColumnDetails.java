package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which collector details a column needs, so a prepared query collects only what it reads. A
 * column not listed here needs everything: a new column is correct before it is cheap.
 */
final class ColumnDetails {
    private ColumnDetails() {}

    private static final Set<String> FROM_STAT = Set.of("pid", "tid", "ppid", "pgid", "sid", "comm", "state", "priority",
            "nice", "processor", "start_time", "cpu_pct", "utime", "stime", "cpu_time", "minflt", "majflt", "kernel_thread",
            "threads", "rss", "vsz", "mem_pct", "tty", "backend",
            // read from /proc at query time, only for the rows that reach them
            "exe", "on_disk", "cwd", "root",
            // system and GPU figures come from elsewhere
            "gpu_mem", "gpu_util");

    private static final Map<String, Detail> NEEDS = Map.ofEntries(
            Map.entry("uid", Detail.STATUS), Map.entry("username", Detail.STATUS), Map.entry("euid", Detail.STATUS),
            Map.entry("suid", Detail.STATUS), Map.entry("gid", Detail.STATUS), Map.entry("egid", Detail.STATUS),
            Map.entry("sgid", Detail.STATUS), Map.entry("voluntary_ctxt_switches", Detail.STATUS),
            Map.entry("nonvoluntary_ctxt_switches", Detail.STATUS), Map.entry("rss_anon", Detail.STATUS),
            Map.entry("rss_file", Detail.STATUS), Map.entry("rss_shmem", Detail.STATUS), Map.entry("shared", Detail.STATUS),
            Map.entry("cap_effective", Detail.STATUS), Map.entry("cap_permitted", Detail.STATUS),
            Map.entry("read_bytes", Detail.IO), Map.entry("write_bytes", Detail.IO),
            Map.entry("cmdline", Detail.CMDLINE),
            Map.entry("cgroup_id", Detail.CGROUP), Map.entry("cgroup", Detail.CGROUP), Map.entry("unit", Detail.CGROUP),
            Map.entry("slice", Detail.CGROUP), Map.entry("container_id", Detail.CGROUP),
            Map.entry("container_name", Detail.CGROUP), Map.entry("container_runtime", Detail.CGROUP),
            Map.entry("frozen", Detail.CGROUP), Map.entry("pod", Detail.CGROUP),
            Map.entry("pid_ns", Detail.NAMESPACES), Map.entry("net_ns", Detail.NAMESPACES), Map.entry("mnt_ns", Detail.NAMESPACES),
            Map.entry("uts_ns", Detail.NAMESPACES), Map.entry("ipc_ns", Detail.NAMESPACES),
            Map.entry("cgroup_ns", Detail.NAMESPACES), Map.entry("user_ns", Detail.NAMESPACES));

    /** Adds to {@code into} what reading {@code column} of {@code table} needs. */
    static void add(String table, String column, Set<Detail> into) {
        switch (table) {
            case "system" -> { return; }
            case "threads" -> into.add(Detail.THREADS);
            case "processes" -> { }
            default -> { into.addAll(Detail.all()); return; }
        }
        Detail d = NEEDS.get(column);
        if (d != null) into.add(d);
        else if (!FROM_STAT.contains(column)) into.addAll(Detail.all());
    }

    static Set<Detail> none() { return EnumSet.noneOf(Detail.class); }
}
