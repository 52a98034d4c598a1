package dev.bpftop.enrich.gpu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every process on every GPU at one reading, with per-pid sums for the columns of processes.
 * Unavailable (no driver, no NVML, an NVML error) means an empty table and NULL columns.
 */
public final class GpuProcesses {
    public static final GpuProcesses UNAVAILABLE = new GpuProcesses(false, List.of());

    private final boolean available;
    private final List<GpuProcess> list;
    /** Per pid, summed over devices; a null entry means the devices hold it but do not tell. */
    private final Map<Integer, Long> memoryByPid = new HashMap<>(), utilByPid = new HashMap<>();

    GpuProcesses(boolean available, List<GpuProcess> list) {
        this.available = available;
        this.list = List.copyOf(list);
        for (GpuProcess p : list) {
            add(memoryByPid, p.pid(), p.usedMemory());
            add(utilByPid, p.pid(), p.smUtil() == null ? null : (long) p.smUtil());
        }
    }

    private static void add(Map<Integer, Long> sums, int pid, Long value) {
        if (value == null) sums.putIfAbsent(pid, null);
        else sums.merge(pid, value, Long::sum);
    }

    public List<GpuProcess> list() { return list; }

    /** GPU memory of a process summed over devices, bytes: 0 when it has none, NULL without NVML. */
    public Long memoryOf(int pid) { return available ? memoryByPid.getOrDefault(pid, 0L) : null; }

    /** SM utilization of a process summed over devices, percent: 0 when it has none, NULL without NVML. */
    public Long utilOf(int pid) { return available ? utilByPid.getOrDefault(pid, 0L) : null; }
}
