package dev.bpftop.enrich.gpu;

import java.util.List;

/** Every GPU at one reading, and the driver they run under; empty without NVML. */
public record GpuDevices(String driverVersion, List<Gpu> gpus) {
    public static final GpuDevices UNAVAILABLE = new GpuDevices(null, List.of());

    public GpuDevices {
        gpus = List.copyOf(gpus);
    }
}
