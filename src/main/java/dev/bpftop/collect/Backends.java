package dev.bpftop.collect;

import java.util.function.Consumer;

/** Chooses the collector for --backend auto|bpf|procfs. */
public final class Backends {
    private Backends() {}

    /**
     * @param warn receives one line when auto falls back to procfs, naming why
     * @throws IllegalStateException when the named backend cannot run, with the reason
     */
    public static Collector open(String backend, Consumer<String> warn) {
        return switch (backend) {
            case "procfs" -> new ProcfsCollector();
            case "bpf" -> throw new IllegalStateException("bpf backend unavailable: not built into this version");
            case "auto" -> new ProcfsCollector();
            default -> throw new IllegalArgumentException("unknown backend '" + backend + "' (expected auto, bpf or procfs)");
        };
    }
}
