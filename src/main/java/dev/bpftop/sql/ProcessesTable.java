package dev.bpftop.sql;

import static dev.bpftop.collect.Detail.*;
import static dev.bpftop.sql.ColumnType.*;
import static dev.bpftop.sql.Display.Kind.*;
import static dev.bpftop.sql.Needs.*;

import dev.bpftop.collect.ProcessFiles;
import dev.bpftop.collect.Task;
import dev.bpftop.enrich.Snapshot;

/** One row per process (thread group); counters are totals over its threads. */
final class ProcessesTable {
    private ProcessesTable() {}

    static TableDef<Task> def() {
        return TableDef.<Task>builder("processes", "One row per process, counters summed over its threads", Snapshot::processes)
                .column("pid", INTEGER, NOTHING, "Process id (thread group id)", (t, s) -> t.tgid)
                .display(TaskColumns.PID)
                .column("ppid", INTEGER, NOTHING, "Parent process id", (t, s) -> t.ppid)
                .display(TaskColumns.PPID)
                .column("pgid", INTEGER, NOTHING, "Process group id", (t, s) -> t.pgid)
                .column("sid", INTEGER, NOTHING, "Session id", (t, s) -> t.sid)
                .columns(TaskColumns.identity())
                .column("cmdline", VARCHAR, of(CMDLINE), "Arguments joined by spaces; empty for kernel threads and zombies", (t, s) -> t.cmdline)
                .display(Display.of("Command", COMMAND, 10, 0))
                .column("exe", VARCHAR, NOTHING, "Executable path (readlink /proc/PID/exe; computed only when selected)", (t, s) -> link(t, "exe"))
                .column("on_disk", BOOLEAN, NOTHING, "False when the executable was deleted since start", (t, s) -> t.linksHidden ? null : ProcessFiles.exeOnDisk(t.tgid))
                .column("cwd", VARCHAR, NOTHING, "Working directory (computed only when selected)", (t, s) -> link(t, "cwd"))
                .column("root", VARCHAR, NOTHING, "Root directory, differs from / in chroots and containers", (t, s) -> link(t, "root"))
                .columns(TaskColumns.scheduling())
                .columns(NetColumns.forProcesses())
                .column("threads", INTEGER, NOTHING, "Number of threads", (t, s) -> t.threads)
                .column("rss", BIGINT, of(STATUS), "Resident memory, bytes: anon + file + shmem, exact (VmRSS, as ps and top show it); 0 without an address space", (t, s) -> t.rss)
                .display(Display.of("RES", BYTES, 5, 2))
                .column("rss_anon", BIGINT, of(STATUS), "Resident anonymous memory, bytes; NULL for kernel threads and zombies (no address space)", (t, s) -> TaskColumns.known(t.rssAnon))
                .column("rss_file", BIGINT, of(STATUS), "Resident file-backed memory, bytes; NULL without an address space", (t, s) -> TaskColumns.known(t.rssFile))
                .column("rss_shmem", BIGINT, of(STATUS), "Resident shared memory, bytes; NULL without an address space", (t, s) -> TaskColumns.known(t.rssShmem))
                .column("shared", BIGINT, of(STATUS), "Resident memory that may be shared (file + shmem), bytes; NULL without an address space", (t, s) -> shared(t))
                .display(Display.of("SHR", BYTES, 5, 6))
                .column("vsz", BIGINT, NOTHING, "Virtual memory size, bytes", (t, s) -> t.vsz)
                .display(Display.of("VIRT", BYTES, 5, 6))
                .column("mem_pct", DOUBLE, of(STATUS), "rss as % of physical memory", (t, s) -> 100.0 * t.rss / s.system().memTotal())
                .display(Display.of("MEM%", PCT, 5, 2))
                .column("tty", VARCHAR, NOTHING, "Controlling terminal (pts/0, tty1…), NULL for none", (t, s) -> TaskColumns.tty(t))
                .column("pid_ns", BIGINT, of(NAMESPACES), "PID namespace inode", (t, s) -> TaskColumns.nsOrNull(t.pidNs))
                .column("net_ns", BIGINT, of(NAMESPACES), "Network namespace inode", (t, s) -> TaskColumns.nsOrNull(t.netNs))
                .column("mnt_ns", BIGINT, of(NAMESPACES), "Mount namespace inode", (t, s) -> TaskColumns.nsOrNull(t.mntNs))
                .column("uts_ns", BIGINT, of(NAMESPACES), "UTS namespace inode", (t, s) -> TaskColumns.nsOrNull(t.utsNs))
                .column("ipc_ns", BIGINT, of(NAMESPACES), "IPC namespace inode", (t, s) -> TaskColumns.nsOrNull(t.ipcNs))
                .column("cgroup_ns", BIGINT, of(NAMESPACES), "Cgroup namespace inode", (t, s) -> TaskColumns.nsOrNull(t.cgroupNs))
                .column("user_ns", BIGINT, of(NAMESPACES), "User namespace inode", (t, s) -> TaskColumns.nsOrNull(t.userNs))
                .column("cap_effective", VARCHAR, of(STATUS), "Effective capabilities, hex as in /proc/PID/status", (t, s) -> TaskColumns.capHex(t.capEff))
                .column("cap_permitted", VARCHAR, of(STATUS), "Permitted capabilities, hex", (t, s) -> TaskColumns.capHex(t.capPrm))
                .columns(OwnerColumns.forTasks())
                .columns(GpuTables.processColumns())
                .column("backend", VARCHAR, NOTHING, "Collector that served this row: bpf or procfs", (t, s) -> s.backend())
                .build();
    }

    private static String link(Task t, String name) { return t.linksHidden ? null : ProcessFiles.link(t.tgid, name); }

    private static Long shared(Task t) {
        if (t.rssFile < 0 || t.rssShmem < 0) return null;
        return t.rssFile + t.rssShmem;
    }
}
