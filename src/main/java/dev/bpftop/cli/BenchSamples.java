package dev.bpftop.cli;

import dev.bpftop.collect.WalkStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The timed collections of one bench run: each one's total, its collector's phases and counts, and the JVM's activity. */
final class BenchSamples {
    private final long[] totals, started;
    private final WalkStats[] walks;
    private final JvmActivity.Reading[] jvm;
    /** Per collection: the thread's CPU time and its wait for a CPU (ns); null unless measured. */
    private long[] cpu, wait;

    BenchSamples(int n) {
        totals = new long[n];
        started = new long[n];
        walks = new WalkStats[n];
        jvm = new JvmActivity.Reading[n];
    }

    void sched(int i, long cpuNs, long waitNs) {
        if (cpu == null) {
            cpu = new long[totals.length];
            wait = new long[totals.length];
        }
        cpu[i] = cpuNs;
        wait[i] = waitNs;
    }

    void add(int i, long startNs, long ns, WalkStats walk, JvmActivity.Reading during) {
        started[i] = startNs;
        totals[i] = ns;
        walks[i] = walk;
        jvm[i] = during;
    }

    long[] totals() { return totals.clone(); }

    /** When each collection started, in ns after the first one did: to lay them beside a JVM log (-Xlog:safepoint). */
    long[] startedAfterFirst() {
        long[] at = new long[totals.length];
        for (int i = 0; i < at.length; i++) at[i] = started[i] - started[0];
        return at;
    }

    /** Per phase (the collector's, then gc and jit), each collection's time in ns. */
    Map<String, long[]> phases() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 0; i < totals.length; i++) {
            for (Map.Entry<String, Long> e : walks[i].phaseNs().entrySet()) {
                out.computeIfAbsent(e.getKey(), k -> new long[totals.length])[i] = e.getValue();
            }
        }
        long[] gc = new long[totals.length], jit = new long[totals.length];
        for (int i = 0; i < totals.length; i++) {
            gc[i] = jvm[i].gcMs() * 1_000_000;
            jit[i] = jvm[i].jitMs() * 1_000_000;
        }
        out.put("gc", gc);
        out.put("jit", jit);
        if (cpu != null) {
            // wall time = on a CPU + waiting for one + the rest: blocked (a safepoint, GC, I/O)
            long[] blocked = new long[totals.length];
            for (int i = 0; i < totals.length; i++) blocked[i] = Math.max(0, totals[i] - cpu[i] - wait[i]);
            out.put("cpu", cpu.clone());
            out.put("run_delay", wait.clone());
            out.put("blocked", blocked);
        }
        return out;
    }

    /** The median of each count the collector keeps, and of the bytes allocated per collection. */
    Map<String, Long> countMedians() {
        Map<String, long[]> all = new LinkedHashMap<>();
        for (int i = 0; i < totals.length; i++) {
            for (Map.Entry<String, Long> e : walks[i].counts().entrySet()) {
                all.computeIfAbsent(e.getKey(), k -> new long[totals.length])[i] = e.getValue();
            }
            all.computeIfAbsent("allocated_bytes", k -> new long[totals.length])[i] = jvm[i].allocated();
            all.computeIfAbsent("gc_collections", k -> new long[totals.length])[i] = jvm[i].gcCount();
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : all.entrySet()) {
            long[] v = e.getValue();
            Arrays.sort(v);
            out.put(e.getKey(), BenchCommand.percentile(v, 50));
        }
        return out;
    }

    /** The {@code n} slowest collections, each as its total, phases, gc and jit in ms. */
    List<Map<String, Object>> slowest(int n) {
        Integer[] order = new Integer[totals.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> totals[i]).reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < Math.min(n, order.length); k++) {
            int i = order[k];
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("index", i);
            s.put("ms", BenchCommand.ms(totals[i]));
            walks[i].phaseNs().forEach((phase, ns) -> s.put(phase, BenchCommand.ms(ns)));
            s.put("gc", jvm[i].gcMs());
            s.put("gc_collections", jvm[i].gcCount());
            s.put("jit", jvm[i].jitMs());
            if (cpu != null) {
                s.put("cpu", BenchCommand.ms(cpu[i]));
                s.put("run_delay", BenchCommand.ms(wait[i]));
            }
            out.add(s);
        }
        return out;
    }
}
