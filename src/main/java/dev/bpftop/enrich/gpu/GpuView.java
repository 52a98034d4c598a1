package dev.bpftop.enrich.gpu;

import dev.bpftop.collect.Snapshot;
import java.util.function.Supplier;

/**
 * A snapshot's GPU data, read from NVML on first use and then shared by every GPU table and column
 * of that snapshot. A query that touches no GPU data never reads it (nor loads NVML).
 */
public final class GpuView {
    private final Supplier<GpuSample> reader;
    private GpuSample sample;

    GpuView(Supplier<GpuSample> reader) { this.reader = reader; }

    public synchronized GpuSample sample() {
        if (sample == null) sample = reader.get();
        return sample;
    }

    /** The snapshot's GPU reading; unavailable when no GPU enricher ran. */
    public static GpuSample of(Snapshot snapshot) {
        GpuView view = snapshot.extension(GpuView.class);
        return view == null ? GpuSample.UNAVAILABLE : view.sample();
    }
}
