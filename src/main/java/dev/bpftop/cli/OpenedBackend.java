package dev.bpftop.cli;

import dev.bpftop.bpf.Backends;
import dev.bpftop.collect.Collector;

/**
 * --backend's collector, as every command opens it, or why not, already said in one line on stderr.
 *
 * @param collector null when it could not be opened
 * @param failure   the exit status then: 2 for an unknown name (a usage error), 1 when it cannot load
 */
record OpenedBackend(Collector collector, int failure) {
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
