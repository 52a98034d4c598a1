package dev.bpftop.enrich.gpu;

import java.util.function.Supplier;

/**
 * A snapshot's GPU data, read from NVML on first use and then shared by every GPU table and column
 * of that snapshot. Devices and processes are read apart: a device's PCIe throughput alone takes
 * NVML 40 ms to measure, which a query on processes.gpu_mem need not wait for. A query that
 * touches no GPU data reads neither (nor loads NVML).
 */
public final class GpuView {
    /** Without a GPU enricher: no devices, no processes. */
    public static final GpuView NONE = new GpuView(() -> GpuDevices.UNAVAILABLE, () -> GpuProcesses.UNAVAILABLE);

    private final Supplier<GpuDevices> devicesReader;
    private final Supplier<GpuProcesses> processesReader;
    private GpuDevices devices;
    private GpuProcesses processes;

    GpuView(Supplier<GpuDevices> devicesReader, Supplier<GpuProcesses> processesReader) {
        this.devicesReader = devicesReader;
        this.processesReader = processesReader;
    }

    public synchronized GpuDevices devices() {
        if (devices == null) devices = devicesReader.get();
        return devices;
    }

    public synchronized GpuProcesses processes() {
        if (processes == null) processes = processesReader.get();
        return processes;
    }
}
