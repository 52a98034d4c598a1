package dev.bpftop.sql;

import static dev.bpftop.collect.Detail.CGROUP;
import static dev.bpftop.collect.Detail.IO;
import static dev.bpftop.collect.Detail.NET;
import static dev.bpftop.sql.ColumnType.*;
import static dev.bpftop.sql.Display.Kind.BYTES;

import dev.bpftop.cgroup.CgroupTree;
import dev.bpftop.collect.Task;
import dev.bpftop.enrich.ContainerRef;
import dev.bpftop.enrich.NetTotals;
import dev.bpftop.enrich.Snapshot;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Byte counters and their rates: storage I/O rates of tasks, and network bytes of processes,
 * cgroups and containers. Network bytes are counted by kernel hooks on the bpf backend only
 * (nothing in /proc counts them per process): on procfs these columns are NULL, and reading one
 * is what attaches the hooks on bpf (see system.net_since).
 */
final class NetColumns {
    private NetColumns() {}

    private static final Needs NET_BYTES = Needs.of(NET);
    private static final Needs NET_RATE = Needs.of(NET).and(Needs.INTERVAL);
    private static final Needs IO_RATE = Needs.of(IO).and(Needs.INTERVAL);
    private static final String PROCFS_NULL = "; NULL on the procfs backend, which has no per-process network counters";

    /** read_rate, write_rate and their sum, for processes and threads. */
    static List<Column<Task>> ioRates() {
        return List.of(
                TaskColumns.col("read_rate", DOUBLE, IO_RATE, "Bytes read from storage per second over the interval since the previous snapshot (as cpu_pct)", (t, s) -> Task.known(s.readings().readRate(t))),
                TaskColumns.col("write_rate", DOUBLE, IO_RATE, "Bytes written to storage per second over the interval since the previous snapshot", (t, s) -> Task.known(s.readings().writeRate(t))),
                TaskColumns.<Task>col("io_rate", DOUBLE, IO_RATE, "read_rate + write_rate (htop's IO_RATE)", (t, s) -> sum(s.readings().readRate(t), s.readings().writeRate(t)))
                        .shown(Display.of("IO/s", BYTES, 5, 4)));
    }

    /** Network totals and rates of one process. */
    static List<Column<Task>> forProcesses() {
        return List.of(
                TaskColumns.col("net_rx_bytes", BIGINT, NET_BYTES, "TCP and UDP payload bytes received (IPv4 and IPv6) since network accounting began (system.net_since)" + PROCFS_NULL, (t, s) -> TaskColumns.known(s.readings().netRxBytes(t))),
                TaskColumns.col("net_tx_bytes", BIGINT, NET_BYTES, "TCP and UDP payload bytes sent since network accounting began" + PROCFS_NULL, (t, s) -> TaskColumns.known(s.readings().netTxBytes(t))),
                TaskColumns.col("net_rx_rate", DOUBLE, NET_RATE, "Network bytes received per second over the interval since the previous snapshot (system.cpu_interval)" + PROCFS_NULL, (t, s) -> Task.known(s.readings().netRxRate(t))),
                TaskColumns.col("net_tx_rate", DOUBLE, NET_RATE, "Network bytes sent per second over the interval since the previous snapshot" + PROCFS_NULL, (t, s) -> Task.known(s.readings().netTxRate(t))),
                TaskColumns.<Task>col("net_rate", DOUBLE, NET_RATE, "net_rx_rate + net_tx_rate" + PROCFS_NULL, (t, s) -> sum(s.readings().netRxRate(t), s.readings().netTxRate(t)))
                        .shown(Display.of("NET/s", BYTES, 6, 4)));
    }

    /** Sums over the processes directly in a cgroup. */
    static List<Column<CgroupTree.Node>> forCgroups() {
        return sums("processes directly in the cgroup", (n, s) -> s.ownership().netOfCgroup(s, n.path()));
    }

    /** Sums over the processes of a container, nested cgroups included. */
    static List<Column<ContainerRef>> forContainers() {
        return sums("processes of the container", (c, s) -> s.ownership().netOfContainer(s, c.id()));
    }

    private static <R> List<Column<R>> sums(String whose, BiFunction<R, Snapshot, NetTotals> totals) {
        String of = " of its " + whose + " (processes that exited are no longer in it)" + PROCFS_NULL;
        Needs bytes = NET_BYTES.and(Needs.of(CGROUP)), rates = NET_RATE.and(Needs.of(CGROUP));
        return List.of(
                new Column<R>("net_rx_bytes", BIGINT, bytes, "Sum of net_rx_bytes" + of, (r, s) -> totals.apply(r, s).rx()),
                new Column<R>("net_tx_bytes", BIGINT, bytes, "Sum of net_tx_bytes" + of, (r, s) -> totals.apply(r, s).tx()),
                new Column<R>("net_rx_rate", DOUBLE, rates, "Sum of net_rx_rate" + of, (r, s) -> totals.apply(r, s).rxRate()),
                new Column<R>("net_tx_rate", DOUBLE, rates, "Sum of net_tx_rate" + of, (r, s) -> totals.apply(r, s).txRate()));
    }

    /** Null when either is (NaN: not measured). */
    private static Double sum(double a, double b) { return Task.known(a + b); }
}
