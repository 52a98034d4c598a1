package dev.bpftop.enrich.gpu;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads devices, or the processes on them, from NVML. Remembers when it last read processes, so
 * that per-process utilization covers the interval since then.
 */
final class GpuReader {
    private static final String[] COMPUTE_MODES = {"default", "exclusive_thread", "prohibited", "exclusive_process"};

    /** NVML's sample timestamps are wall-clock microseconds. */
    private static final long MIN_WINDOW_MICROS = 1_000_000;

    private final Nvml nvml;
    /** Read once: the driver cannot change under a running NVML. */
    private final String driverVersion;
    /** When the previous reading began; MAX_VALUE before the first, whose window is the minimum. */
    private long previousReadMicros = Long.MAX_VALUE;
    private int deviceCount;
    private List<String> problems = List.of();

    GpuReader(Nvml nvml) {
        this.nvml = nvml;
        this.driverVersion = nvml.driverVersion();
    }

    String driverVersion() { return driverVersion; }

    /** Devices NVML reported at the latest reading. */
    synchronized int deviceCount() { return deviceCount; }

    /**
     * What failed at the latest reading: a device whose handle or process list NVML would not give
     * is left out of it, and the other devices still count.
     */
    synchronized List<String> problems() { return problems; }

    /** @throws NvmlException when the device list itself cannot be read */
    synchronized GpuDevices devices() {
        List<String> failed = new ArrayList<>();
        List<Gpu> gpus = new ArrayList<>();
        for (Handle h : handles(failed)) gpus.add(device(h.index(), h.uuid(), h.device()));
        problems = failed;
        return new GpuDevices(driverVersion, gpus);
    }

    /** @throws NvmlException when the device list itself cannot be read */
    synchronized GpuProcesses processes() {
        long now = System.currentTimeMillis() * 1000;
        long lastSeen = Math.min(previousReadMicros, now - MIN_WINDOW_MICROS);
        previousReadMicros = now;
        List<String> failed = new ArrayList<>();
        List<GpuProcess> processes = new ArrayList<>();
        for (Handle h : handles(failed)) {
            try {
                processes.addAll(processes(h, lastSeen));
            } catch (NvmlException e) {
                failed.add("device " + h.index() + ": " + e.getMessage());
            }
        }
        problems = failed;
        return new GpuProcesses(true, processes);
    }

    private record Handle(int index, Pointer device, String uuid) {}

    private List<Handle> handles(List<String> failed) {
        deviceCount = nvml.deviceCount();
        List<Handle> handles = new ArrayList<>(deviceCount);
        for (int i = 0; i < deviceCount; i++) {
            try {
                Pointer d = nvml.device(i);
                handles.add(new Handle(i, d, nvml.uuid(d)));
            } catch (NvmlException e) {
                failed.add(e.getMessage());
            }
        }
        return handles;
    }

    private Gpu device(int index, String uuid, Pointer d) {
        NvmlLibrary lib = nvml.lib();
        NvmlLibrary.Utilization u = nvml.utilization(d);
        NvmlLibrary.Memory m = nvml.memory(d);
        Long mode = nvml.uint(v -> lib.nvmlDeviceGetComputeMode(d, v));
        Long tx = nvml.uint(v -> lib.nvmlDeviceGetPcieThroughput(d, NvmlLibrary.PCIE_UTIL_TX_BYTES, v));
        Long rx = nvml.uint(v -> lib.nvmlDeviceGetPcieThroughput(d, NvmlLibrary.PCIE_UTIL_RX_BYTES, v));
        return new Gpu(index, uuid, nvml.name(d), nvml.pciBusId(d),
                u == null ? null : Integer.toUnsignedLong(u.gpu), u == null ? null : Integer.toUnsignedLong(u.memory),
                m == null ? null : m.total, m == null ? null : m.used, m == null ? null : m.free,
                nvml.uint(v -> lib.nvmlDeviceGetTemperature(d, NvmlLibrary.TEMPERATURE_GPU, v)),
                watts(nvml.uint(v -> lib.nvmlDeviceGetPowerUsage(d, v))),
                watts(nvml.uint(v -> lib.nvmlDeviceGetEnforcedPowerLimit(d, v))),
                nvml.uint(v -> lib.nvmlDeviceGetFanSpeed(d, v)),
                nvml.uint(v -> lib.nvmlDeviceGetClockInfo(d, NvmlLibrary.CLOCK_SM, v)),
                nvml.uint(v -> lib.nvmlDeviceGetClockInfo(d, NvmlLibrary.CLOCK_MEM, v)),
                nvml.uint(v -> lib.nvmlDeviceGetClockInfo(d, NvmlLibrary.CLOCK_GRAPHICS, v)),
                nvml.uint(v -> lib.nvmlDeviceGetCurrPcieLinkGeneration(d, v)),
                nvml.uint(v -> lib.nvmlDeviceGetCurrPcieLinkWidth(d, v)),
                tx == null ? null : tx * 1024, rx == null ? null : rx * 1024,
                mode == null || mode >= COMPUTE_MODES.length ? null : COMPUTE_MODES[mode.intValue()]);
    }

    /** NVML reports milliwatts. */
    private static Double watts(Long milliwatts) { return milliwatts == null ? null : milliwatts / 1000.0; }

    /**
     * The device's processes, one per pid: a process with both a compute and a graphics context is
     * listed by both calls with the same memory, so it is merged, not counted twice.
     */
    private List<GpuProcess> processes(Handle h, long lastSeen) {
        Pointer d = h.device();
        Map<Integer, Long> memory = new LinkedHashMap<>();
        Map<Integer, String> type = new HashMap<>();
        for (boolean graphics : new boolean[] {false, true}) {
            for (NvmlLibrary.ProcessInfo p : nvml.processes(d, graphics)) {
                Long used = p.usedGpuMemory == NvmlLibrary.VALUE_NOT_AVAILABLE ? null : p.usedGpuMemory;
                memory.merge(p.pid, used == null ? -1 : used, Math::max);
                type.merge(p.pid, graphics ? "graphics" : "compute", (a, b) -> a + "+" + b);
            }
        }
        Map<Integer, int[]> util = utilization(d, lastSeen);
        List<GpuProcess> out = new ArrayList<>(memory.size());
        for (Map.Entry<Integer, Long> e : memory.entrySet()) {
            int pid = e.getKey();
            int[] u = util == null ? null : util.getOrDefault(pid, new int[4]);
            out.add(new GpuProcess(h.index(), h.uuid(), pid, e.getValue() < 0 ? null : e.getValue(), type.get(pid),
                    u == null ? null : u[0], u == null ? null : u[1], u == null ? null : u[2], u == null ? null : u[3]));
        }
        return out;
    }

    /**
     * Mean sm/mem/enc/dec utilization per pid over the samples since the previous reading, and at
     * least over the last {@link #MIN_WINDOW_MICROS}: NVML samples every 1/6 to 1 s, so two statements
     * run back to back would otherwise see none. Null when the device does not report it. A process
     * with no sample was idle: NVML records only non-zero utilization.
     */
    private Map<Integer, int[]> utilization(Pointer d, long lastSeen) {
        List<NvmlLibrary.ProcessUtilizationSample> samples = nvml.processUtilization(d, lastSeen);
        if (samples == null) return null;
        Map<Integer, long[]> sums = new HashMap<>();
        for (NvmlLibrary.ProcessUtilizationSample s : samples) {
            long[] t = sums.computeIfAbsent(s.pid, k -> new long[5]);
            t[0] += Integer.toUnsignedLong(s.smUtil);
            t[1] += Integer.toUnsignedLong(s.memUtil);
            t[2] += Integer.toUnsignedLong(s.encUtil);
            t[3] += Integer.toUnsignedLong(s.decUtil);
            t[4]++;
        }
        Map<Integer, int[]> means = new HashMap<>();
        sums.forEach((pid, t) -> means.put(pid, new int[] {mean(t[0], t[4]), mean(t[1], t[4]), mean(t[2], t[4]), mean(t[3], t[4])}));
        return means;
    }

    private static int mean(long sum, long n) { return (int) Math.round((double) sum / n); }
}
