package dev.bpftop.enrich;

import dev.bpftop.collect.Task;

/**
 * Network bytes and rates summed over a group of processes (a cgroup, a container); each is null
 * when no process of the group had one (the procfs backend, hooks not attached, no baseline yet).
 */
public record NetTotals(Long rx, Long tx, Double rxRate, Double txRate) {
    static final NetTotals NONE = new NetTotals(null, null, null, null);

    static NetTotals of(Readings r, Task t) {
        long rx = r.netRxBytes(t), tx = r.netTxBytes(t);
        return new NetTotals(rx < 0 ? null : rx, tx < 0 ? null : tx, Task.known(r.netRxRate(t)), Task.known(r.netTxRate(t)));
    }

    NetTotals plus(NetTotals o) {
        return new NetTotals(add(rx, o.rx), add(tx, o.tx), add(rxRate, o.rxRate), add(txRate, o.txRate));
    }

    private static Long add(Long a, Long b) { return a == null ? b : b == null ? a : Long.valueOf(a + b); }

    private static Double add(Double a, Double b) { return a == null ? b : b == null ? a : Double.valueOf(a + b); }
}
