package dev.bpftop.bpf;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.ProcfsCollector;
import java.util.function.Consumer;

/** Chooses the collector for --backend auto|bpf|procfs. */
public final class Backends {
    private Backends() {}

    /**
     * @param warn receives one line when auto falls back to procfs, naming why
     * @throws IllegalStateException when the named backend cannot run, with the reason
     */
    public static Collector open(String backend, Consumer<String> warn) { return open(backend, true, warn); }

    /** @param delta false has the BPF walk send every task whole, every time (`bpftop bench --walk full`) */
    public static Collector open(String backend, boolean delta, Consumer<String> warn) {
        return switch (backend) {
            case "procfs" -> new ProcfsCollector();
            case "bpf" -> {
                try {
                    yield withNetwork(BpfCollector.open(delta));
                } catch (BpfUnavailableException e) {
                    throw new IllegalStateException("bpf backend unavailable: " + e.getMessage(), e);
                }
            }
            // Opened in the background: auto never fails, so nothing needs reporting before the first query.
            case "auto" -> new BackgroundCollector(() -> {
                try {
                    return withNetwork(BpfCollector.open(delta));
                } catch (BpfUnavailableException e) {
                    // One line: the full libbpf log is for --backend bpf, where the user asked for it.
                    String why = e.getMessage();
                    int nl = why.indexOf('\n');
                    warn.accept("bpf backend unavailable, using procfs: " + (nl < 0 ? why : why.substring(0, nl)));
                    return new ProcfsCollector();
                }
            });
            default -> throw new IllegalArgumentException("unknown backend '" + backend + "' (expected auto, bpf or procfs)");
        };
    }

    /** The BPF walk, with network hooks attached once a statement reads a network column. */
    static Collector withNetwork(Collector walker) { return new NetCountingCollector(walker, NetHooks::attach); }
}
