package dev.bpftop.enrich.gpu;

import java.util.List;
import java.util.function.Function;

/**
 * NVIDIA GPUs through NVML: gives each snapshot a {@link GpuView}. NVML is loaded and read
 * only when a query first touches GPU data; without a driver, GPU tables are empty and GPU columns
 * NULL, and {@link #note()} says why.
 */
public final class GpuEnricher {
    private final List<String> candidates;
    private GpuReader reader;
    private String location;
    private volatile String note;

    /** Looks for NVML where the driver installs it, or where bpftop.nvml.lib / BPFTOP_NVML_LIB says. */
    public GpuEnricher() { this(NvmlLoader.defaultCandidates()); }

    /** Looks for NVML at these names or paths, in order. */
    public GpuEnricher(List<String> candidates) { this.candidates = List.copyOf(candidates); }

    /** A fresh view per snapshot, read on first use. */
    public GpuView view() {
        return new GpuView(() -> read(GpuReader::devices, GpuDevices.UNAVAILABLE),
                () -> read(GpuReader::processes, GpuProcesses.UNAVAILABLE));
    }

    /** Asks NVML if no query has yet, since `.backend` wants to know whether GPUs are seen. */
    public String note() {
        if (note == null) read(GpuReader::processes, GpuProcesses.UNAVAILABLE);
        return note;
    }

    private synchronized <T> T read(Function<GpuReader, T> what, T unavailable) {
        try {
            if (reader == null) {
                NvmlLoader.Result r = NvmlLoader.open(candidates);
                if (r.nvml() == null) {
                    note = "gpu: " + r.problem();
                    return unavailable;
                }
                reader = new GpuReader(r.nvml());
                location = r.nvml().location();
            }
            T value = what.apply(reader);
            note = describe();
            return value;
        } catch (NvmlException e) {
            note = "gpu: " + e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            // A library that is not what nvml.h describes must not take queries down with it.
            note = "gpu: NVML read failed: " + e;
        }
        return unavailable;
    }

    private String describe() {
        int n = reader.deviceCount();
        StringBuilder b = new StringBuilder("gpu: ").append(n).append(n == 1 ? " device" : " devices")
                .append(" via NVML (").append(location);
        if (reader.driverVersion() != null) b.append(", driver ").append(reader.driverVersion());
        b.append(')');
        for (String problem : reader.problems()) b.append("; ").append(problem);
        return b.toString();
    }
}
