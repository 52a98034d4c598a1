package dev.bpftop.cli;

import dev.bpftop.bpf.Backends;
import dev.bpftop.collect.Collector;

/**
 * The collector --backend names, or, when there is none, the one line already said and the exit
 * status: 2 for a name that is not a backend (a usage error), 1 for one that cannot start here.
 */
record OpenedBackend(Collector collector, int status) {
    static OpenedBackend open(String backend) { return open(backend, true); }

    /** @param delta false has the BPF walk send every task whole (`bench --walk full`) */
    static OpenedBackend open(String backend, boolean delta) {
        try {
            return new OpenedBackend(Backends.open(backend, delta, w -> System.err.println("bpftop: " + w)), 0);
        } catch (IllegalArgumentException e) {
            System.err.println("bpftop: " + e.getMessage());
            return new OpenedBackend(null, 2);
        } catch (IllegalStateException e) {
            System.err.println("bpftop: " + e.getMessage());
            return new OpenedBackend(null, 1);
        }
    }
}
