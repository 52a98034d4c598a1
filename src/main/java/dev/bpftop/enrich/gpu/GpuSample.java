package dev.bpftop.enrich.gpu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of every GPU, shared by all GPU tables and columns of a snapshot. Unavailable (no
 * driver, no NVML, an NVML error) means empty tables and NULL process columns.
 */
public final class GpuSample {
    public static final GpuSample UNAVAILABLE = new GpuSample(false, null, List.of(), List.of(), List.of());

    private final boolean available;
    private final String driverVersion;
    private final List<Gpu> gpus;
    private final List<GpuProcess> processes;
    private final List<String> problems;
    /** Per pid, summed over devices; a null entry means the devices hold it but do not tell. */
    private final Map<Integer, Long> memoryByPid = new HashMap<>(), utilByPid = new HashMap<>();

    GpuSample(boolean available, String driverVersion, List<Gpu> gpus, List<GpuProcess> processes, List<String> problems) {
        this.available = available;
        this.driverVersion = driverVersion;
        this.gpus = List.copyOf(gpus);
        this.processes = List.copyOf(processes);
        this.problems = List.copyOf(problems);
        for (GpuProcess p : processes) {
            add(memoryByPid, p.pid(), p.usedMemory());
            add(utilByPid, p.pid(), p.smUtil() == null ? null : (long) p.smUtil());
        }
    }

    private static void add(Map<Integer, Long> sums, int pid, Long value) {
        if (value == null) sums.putIfAbsent(pid, null);
        else sums.merge(pid, value, Long::sum);
    }

    public boolean available() { return available; }
    public String driverVersion() { return driverVersion; }
    public List<Gpu> gpus() { return gpus; }
    public List<GpuProcess> processes() { return processes; }
    /** NVML calls that failed for one device (that device's row or processes are missing). */
    public List<String> problems() { return problems; }

    /** GPU memory of a process summed over devices, bytes: 0 when it has none, NULL without NVML. */
    public Long memoryOf(int pid) { return available ? memoryByPid.getOrDefault(pid, 0L) : null; }

    /** SM utilization of a process summed over devices, percent: 0 when it has none, NULL without NVML. */
    public Long utilOf(int pid) { return available ? utilByPid.getOrDefault(pid, 0L) : null; }
}
