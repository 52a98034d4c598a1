package dev.bpftop.sql;

import static dev.bpftop.collect.Detail.THREADS;
import static dev.bpftop.sql.ColumnType.*;
import static dev.bpftop.sql.Needs.NOTHING;

import dev.bpftop.collect.Task;
import dev.bpftop.enrich.Snapshot;

/** One row per task (thread); counters are the thread's own. */
final class ThreadsTable {
    private ThreadsTable() {}

    static TableDef<Task> def() {
        return TableDef.<Task>builder("threads", "One row per thread (task); the leader's tid equals its pid, and its cgroup is its own (a threaded cgroup can hold some threads of a process)", Snapshot::threads)
                .needs(Needs.of(THREADS))
                .column("tid", INTEGER, NOTHING, "Thread id", (t, s) -> t.tid)
                .display(Display.of("TID", Display.Kind.INT, 7, 0).as(Display.Role.TID))
                .column("pid", INTEGER, NOTHING, "Process (thread group) id", (t, s) -> t.tgid)
                .display(TaskColumns.PID)
                .column("ppid", INTEGER, NOTHING, "Parent process id", (t, s) -> t.ppid)
                .display(TaskColumns.PPID)
                .columns(TaskColumns.identity())
                .columns(TaskColumns.scheduling())
                .columns(OwnerColumns.forTasks())
                .build();
    }
}
