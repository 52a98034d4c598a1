package dev.bpftop.sql;

import static dev.bpftop.collect.Detail.*;
import static dev.bpftop.sql.ColumnType.*;
import static dev.bpftop.sql.Display.Kind.*;
import static dev.bpftop.sql.Needs.*;

import dev.bpftop.collect.ProcessFiles;
import dev.bpftop.collect.Task;
import dev.bpftop.enrich.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

/** Columns that describe a task, shared by {@code processes} and {@code threads}. */
final class TaskColumns {
    private TaskColumns() {}

    /** A process id, shown as htop's PID wherever a table has one. */
    static final Display PID = Display.of("PID", INT, 7, 0).as(Display.Role.PID);
    static final Display PPID = Display.of("PPID", INT, 5, 5).as(Display.Role.PPID);

    static List<Column<Task>> identity() {
        List<Column<Task>> c = new ArrayList<>();
        c.add(col("uid", INTEGER, of(STATUS), "Real user id", (t, s) -> t.uid));
        c.add(TaskColumns.<Task>col("username", VARCHAR, of(STATUS), "User name of the real uid from /etc/passwd, the number when unknown (a bare USER is SQL's current-user function)", (t, s) -> s.userNames().of(t.uid)).shown(Display.of("USER", TEXT, 9, 3)));
        c.add(col("euid", INTEGER, of(STATUS), "Effective user id", (t, s) -> t.euid));
        c.add(col("suid", INTEGER, of(STATUS), "Saved user id", (t, s) -> t.suid));
        c.add(col("gid", INTEGER, of(STATUS), "Real group id", (t, s) -> t.gid));
        c.add(col("egid", INTEGER, of(STATUS), "Effective group id", (t, s) -> t.egid));
        c.add(col("sgid", INTEGER, of(STATUS), "Saved group id", (t, s) -> t.sgid));
        c.add(TaskColumns.<Task>col("comm", VARCHAR, NOTHING, "Command name as /proc shows it: the 15-byte comm, or a kernel thread's full name (up to 63 bytes); set by the process, so untrusted", (t, s) -> t.comm).shown(Display.of("COMM", TEXT, 5, 5).as(Display.Role.COMM)));
        return c;
    }

    static List<Column<Task>> scheduling() {
        List<Column<Task>> c = new ArrayList<>();
        c.add(TaskColumns.<Task>col("state", VARCHAR, NOTHING, "R running, S sleeping, D disk sleep, T stopped, t traced, Z zombie, I idle", (t, s) -> state(t.state)).shown(Display.of("S", TEXT, 1, 5)));
        c.add(TaskColumns.<Task>col("priority", INTEGER, NOTHING, "Kernel priority as /proc reports it (20 + nice for normal tasks)", (t, s) -> t.priority).shown(Display.of("PRI", INT, 3, 7)));
        c.add(TaskColumns.<Task>col("nice", INTEGER, NOTHING, "Nice value, -20 (favoured) to 19", (t, s) -> t.nice).shown(Display.of("NI", INT, 3, 7)));
        c.add(col("processor", INTEGER, NOTHING, "CPU the task last ran on", (t, s) -> t.processor));
        c.add(col("start_time", TIMESTAMP, NOTHING, "When the task started (local time)", (t, s) -> localMillis(s, t.startNs)));
        c.add(TaskColumns.<Task>col("cpu_pct", DOUBLE, INTERVAL, "Share of one CPU over the interval since the previous snapshot, in % (see system.cpu_interval)", (t, s) -> Task.known(s.readings().cpuPct(t))).shown(Display.of("CPU%", PCT, 5, 1)));
        c.add(col("utime", DOUBLE, NOTHING, "CPU time in user mode, seconds", (t, s) -> t.utimeNs / 1e9));
        c.add(col("stime", DOUBLE, NOTHING, "CPU time in kernel mode, seconds", (t, s) -> t.stimeNs / 1e9));
        c.add(TaskColumns.<Task>col("cpu_time", DOUBLE, NOTHING, "utime + stime, seconds", (t, s) -> t.cpuNs() / 1e9).shown(Display.of("TIME+", TIME, 9, 4)));
        c.add(col("minflt", BIGINT, NOTHING, "Minor page faults", (t, s) -> t.minflt));
        c.add(col("majflt", BIGINT, NOTHING, "Major page faults (needed disk I/O)", (t, s) -> t.majflt));
        // A process's are summed over its threads (/proc/PID/status has the leader's only): the walk over them is needed.
        c.add(col("voluntary_ctxt_switches", BIGINT, of(STATUS, THREAD_SUMS), "Times the task gave up the CPU (waiting); a process's, summed over its live threads", (t, s) -> t.nvcsw));
        c.add(col("nonvoluntary_ctxt_switches", BIGINT, of(STATUS, THREAD_SUMS), "Times the task was preempted; a process's, summed over its live threads", (t, s) -> t.nivcsw));
        c.add(col("read_bytes", BIGINT, of(IO), "Bytes read from storage (NULL when the kernel does not tell)", (t, s) -> known(t.readBytes)));
        c.add(col("write_bytes", BIGINT, of(IO), "Bytes written to storage (NULL when the kernel does not tell)", (t, s) -> known(t.writeBytes)));
        c.addAll(NetColumns.ioRates());
        c.add(col("cgroup_id", BIGINT, of(CGROUP), "Inode of the task's cgroup v2 directory (0 when unknown)", (t, s) -> s.ownership().id(t)));
        c.add(col("kernel_thread", BOOLEAN, NOTHING, "True for kernel threads", (t, s) -> t.kernelThread));
        return c;
    }

    static Long known(long v) { return v < 0 ? null : v; }

    /** Start time as local wall-clock millis: boot time + start offset, shifted to the local zone. */
    static Long localMillis(Snapshot s, long startNs) {
        long epochMillis = s.system().bootTimeEpochSeconds() * 1000 + startNs / 1_000_000;
        return epochMillis + TimeZone.getDefault().getOffset(epochMillis);
    }

    static <R> Column<R> col(String name, ColumnType type, Needs needs, String description, Column.Getter<R> getter) {
        return new Column<>(name, type, needs, description, getter);
    }

    static Long nsOrNull(long inum) { return inum == 0 ? null : inum; }

    static String capHex(long caps) {
        // Not String.format: a recorder writes two of these per process every interval.
        String hex = Long.toHexString(caps);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** The state letters as shared strings: a monitor's rows hold one per process, for hours. */
    private static final String[] STATES = new String[128];

    static {
        for (char c = 0; c < STATES.length; c++) STATES[c] = String.valueOf(c).intern();
    }

    static String state(char state) { return state < STATES.length ? STATES[state] : String.valueOf(state); }

    static String tty(Task t) { return ProcessFiles.ttyName(t.ttyNr); }
}
