package dev.bpftop.sql;

import static dev.bpftop.sql.ColumnType.*;
import static dev.bpftop.sql.TaskColumns.col;

import dev.bpftop.collect.Task;
import dev.bpftop.enrich.gpu.Gpu;
import dev.bpftop.enrich.gpu.GpuProcess;
import java.util.List;

/** NVIDIA GPUs through NVML: the gpus and gpu_processes tables and the GPU columns of processes. */
final class GpuTables {
    private GpuTables() {}

    static TableDef<Gpu> gpus() {
        return TableDef.<Gpu>builder("gpus", "One row per NVIDIA GPU (NVML); empty without the driver", s -> s.gpus().devices().gpus())
                // All from NVML, read when the query touches it: nothing from the task walk.
                .needs(Needs.NOTHING)
                .column("gpu_index", INTEGER, "NVML device index", (g, s) -> g.index())
                .column("gpu_uuid", VARCHAR, "Device UUID (GPU-…), stable across reboots", (g, s) -> g.uuid())
                .column("name", VARCHAR, "Product name", (g, s) -> g.name())
                .column("pci_bus_id", VARCHAR, "PCI address domain:bus:device.function", (g, s) -> g.pciBusId())
                .column("driver_version", VARCHAR, "NVIDIA driver version", (g, s) -> s.gpus().devices().driverVersion())
                .column("util_gpu", BIGINT, "Percent of the last sample period a kernel was running", (g, s) -> g.utilGpu())
                .column("util_mem", BIGINT, "Percent of the last sample period device memory was read or written", (g, s) -> g.utilMemory())
                .column("mem_total", BIGINT, "Device memory, bytes", (g, s) -> g.memTotal())
                .column("mem_used", BIGINT, "Device memory allocated or reserved, bytes", (g, s) -> g.memUsed())
                .column("mem_free", BIGINT, "Device memory unallocated, bytes", (g, s) -> g.memFree())
                .column("temperature", BIGINT, "GPU die temperature, °C (NULL without a sensor)", (g, s) -> g.temperature())
                .column("power_draw", DOUBLE, "Power draw, watts", (g, s) -> g.powerDraw())
                .column("power_limit", DOUBLE, "Enforced power limit, watts", (g, s) -> g.powerLimit())
                .column("fan_pct", BIGINT, "Fan speed, percent of maximum (NULL for passively cooled cards)", (g, s) -> g.fan())
                .column("clock_sm", BIGINT, "SM clock, MHz", (g, s) -> g.clockSm())
                .column("clock_mem", BIGINT, "Memory clock, MHz", (g, s) -> g.clockMem())
                .column("clock_graphics", BIGINT, "Graphics clock, MHz", (g, s) -> g.clockGraphics())
                .column("pcie_gen", BIGINT, "Current PCIe link generation", (g, s) -> g.pcieGen())
                .column("pcie_width", BIGINT, "Current PCIe link width (lanes)", (g, s) -> g.pcieWidth())
                .column("pcie_tx", BIGINT, "PCIe transmit throughput over the last 20 ms, bytes/s", (g, s) -> g.pcieTx())
                .column("pcie_rx", BIGINT, "PCIe receive throughput over the last 20 ms, bytes/s", (g, s) -> g.pcieRx())
                .column("compute_mode", VARCHAR, "default, exclusive_process, prohibited or exclusive_thread", (g, s) -> g.computeMode())
                .build();
    }

    static TableDef<GpuProcess> gpuProcesses() {
        return TableDef.<GpuProcess>builder("gpu_processes", "One row per process per GPU it has a context on (NVML)",
                        s -> s.gpus().processes().list())
                // All from NVML, read when the query touches it: nothing from the task walk.
                .needs(Needs.NOTHING)
                .column("gpu_index", INTEGER, "NVML device index (joins gpus.gpu_index)", (p, s) -> p.gpuIndex())
                .column("gpu_uuid", VARCHAR, "Device UUID (joins gpus.gpu_uuid)", (p, s) -> p.gpuUuid())
                .column("pid", INTEGER, "Process id, in the host's pid namespace (joins processes.pid)", (p, s) -> p.pid())
                .display(TaskColumns.PID)
                .column("used_memory", BIGINT, "Device memory the process uses, bytes (NULL when the driver cannot tell)", (p, s) -> p.usedMemory())
                .column("type", VARCHAR, "compute, graphics or compute+graphics", (p, s) -> p.type())
                .column("sm_util", INTEGER, "Mean SM (3D/compute) utilization since the previous statement read it (at least the last second), %", (p, s) -> p.smUtil())
                .column("mem_util", INTEGER, "Memory controller utilization over the same interval, %", (p, s) -> p.memUtil())
                .column("enc_util", INTEGER, "Video encoder utilization over the same interval, %", (p, s) -> p.encUtil())
                .column("dec_util", INTEGER, "Video decoder utilization over the same interval, %", (p, s) -> p.decUtil())
                .build();
    }

    /** Columns of processes: read NVML only when a query selects or filters on them, so they cost the task walk nothing. */
    static List<Column<Task>> processColumns() {
        return List.of(
                TaskColumns.<Task>col("gpu_mem", BIGINT, Needs.NOTHING, "GPU memory used, bytes, summed over devices (0 for none; NULL without NVML)", (t, s) -> s.gpus().processes().memoryOf(t.tgid))
                        .shown(Display.of("GMEM", Display.Kind.BYTES, 5, 3)),
                TaskColumns.<Task>col("gpu_util", BIGINT, Needs.NOTHING, "GPU SM utilization, %, summed over devices (0 for none; NULL without NVML)", (t, s) -> s.gpus().processes().utilOf(t.tgid))
                        .shown(Display.of("GPU%", Display.Kind.PCT, 5, 3)));
    }
}
