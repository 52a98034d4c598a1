package dev.bpftop.enrich.gpu;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Enricher;
import java.util.List;
import java.util.Map;

/**
 * NVIDIA GPUs through NVML: attaches a {@link GpuView} to each snapshot. NVML is loaded and read
 * only when a query first touches GPU data; without a driver, GPU tables are empty and GPU columns
 * NULL, and {@link #note()} says why.
 */
public final class GpuEnricher implements Enricher {
    private final List<String> candidates;
    private GpuReader reader;
    private String location;
    private volatile String note;

    /** Looks for NVML where the driver installs it, or where bpftop.nvml.lib / BPFTOP_NVML_LIB says. */
    public GpuEnricher() { this(NvmlLoader.defaultCandidates()); }

    /** Looks for NVML at these names or paths, in order. */
    public GpuEnricher(List<String> candidates) { this.candidates = List.copyOf(candidates); }

    @Override
    public void enrich(Collector.TaskList tasks, Map<Class<?>, Object> extensions) {
        extensions.put(GpuView.class, new GpuView(this::read));
    }

    /** Asks NVML if no query has yet, since `.backend` wants to know whether GPUs are seen. */
    @Override
    public String note() {
        if (note == null) read();
        return note;
    }

    private synchronized GpuSample read() {
        if (reader == null) {
            NvmlLoader.Result r = NvmlLoader.open(candidates);
            if (r.nvml() == null) {
                note = "gpu: " + r.problem();
                return GpuSample.UNAVAILABLE;
            }
            reader = new GpuReader(r.nvml());
            location = r.nvml().location();
        }
        try {
            GpuSample s = reader.read();
            note = describe(s);
            return s;
        } catch (NvmlException e) {
            note = "gpu: " + e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            // A library that is not what nvml.h describes must not take queries down with it.
            note = "gpu: NVML read failed: " + e;
        }
        return GpuSample.UNAVAILABLE;
    }

    private String describe(GpuSample s) {
        StringBuilder b = new StringBuilder("gpu: ").append(s.gpus().size()).append(s.gpus().size() == 1 ? " device" : " devices")
                .append(" via NVML (").append(location);
        if (s.driverVersion() != null) b.append(", driver ").append(s.driverVersion());
        b.append(')');
        for (String problem : s.problems()) b.append("; ").append(problem);
        return b.toString();
    }
}
