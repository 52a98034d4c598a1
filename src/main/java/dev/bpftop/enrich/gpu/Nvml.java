package dev.bpftop.enrich.gpu;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * An initialised NVML: the calls bpftop makes, with NVML's error codes turned into nulls (a field
 * the device does not report) or {@link NvmlException} (a query that cannot go on).
 */
final class Nvml {
    private final NvmlLibrary lib;
    private final String location;

    Nvml(NvmlLibrary lib, String location) {
        this.lib = lib;
        this.location = location;
    }

    /** Where the library was found: a name the dynamic loader resolved or a path. */
    String location() { return location; }

    String error(int rc) {
        try {
            return lib.nvmlErrorString(rc);
        } catch (LinkageError e) {
            return "NVML error " + rc;
        }
    }

    String driverVersion() {
        byte[] buf = new byte[NvmlLibrary.DRIVER_VERSION_BUFFER];
        return call(() -> lib.nvmlSystemGetDriverVersion(buf, buf.length)) == NvmlLibrary.SUCCESS ? cString(buf) : null;
    }

    int deviceCount() {
        IntByReference n = new IntByReference();
        check(call(() -> lib.nvmlDeviceGetCount_v2(n)), "nvmlDeviceGetCount_v2");
        return n.getValue();
    }

    Pointer device(int index) {
        PointerByReference d = new PointerByReference();
        check(call(() -> lib.nvmlDeviceGetHandleByIndex_v2(index, d)), "nvmlDeviceGetHandleByIndex_v2(" + index + ")");
        return d.getValue();
    }

    String uuid(Pointer d) {
        byte[] buf = new byte[NvmlLibrary.UUID_BUFFER];
        return call(() -> lib.nvmlDeviceGetUUID(d, buf, buf.length)) == NvmlLibrary.SUCCESS ? cString(buf) : null;
    }

    String name(Pointer d) {
        byte[] buf = new byte[NvmlLibrary.NAME_BUFFER];
        return call(() -> lib.nvmlDeviceGetName(d, buf, buf.length)) == NvmlLibrary.SUCCESS ? cString(buf) : null;
    }

    String pciBusId(Pointer d) {
        NvmlLibrary.PciInfo pci = new NvmlLibrary.PciInfo();
        return call(() -> lib.nvmlDeviceGetPciInfo_v3(d, pci)) == NvmlLibrary.SUCCESS ? cString(pci.busId) : null;
    }

    NvmlLibrary.Utilization utilization(Pointer d) {
        NvmlLibrary.Utilization u = new NvmlLibrary.Utilization();
        return call(() -> lib.nvmlDeviceGetUtilizationRates(d, u)) == NvmlLibrary.SUCCESS ? u : null;
    }

    NvmlLibrary.Memory memory(Pointer d) {
        NvmlLibrary.Memory m = new NvmlLibrary.Memory();
        return call(() -> lib.nvmlDeviceGetMemoryInfo(d, m)) == NvmlLibrary.SUCCESS ? m : null;
    }

    /** An unsigned int out-parameter: its value, or null when the call did not succeed. */
    Long uint(ToIntFunction<IntByReference> fn) {
        IntByReference v = new IntByReference();
        return call(() -> fn.applyAsInt(v)) == NvmlLibrary.SUCCESS ? Integer.toUnsignedLong(v.getValue()) : null;
    }

    NvmlLibrary lib() { return lib; }

    /**
     * Compute or graphics processes on a device, by NVML's sizing protocol: ask the count, then fill.
     *
     * @throws NvmlException when the list cannot be read (no permission, GPU lost…)
     */
    List<NvmlLibrary.ProcessInfo> processes(Pointer d, boolean graphics) {
        IntByReference count = new IntByReference(0);
        int rc = call(() -> running(d, graphics, count, null));
        // The list may grow between the two calls; a few tries with room to spare settle it.
        for (int attempt = 0; rc == NvmlLibrary.ERROR_INSUFFICIENT_SIZE && attempt < 3; attempt++) {
            int room = count.getValue() + 4;
            NvmlLibrary.ProcessInfo[] infos = (NvmlLibrary.ProcessInfo[]) new NvmlLibrary.ProcessInfo().toArray(room);
            count.setValue(room);
            rc = call(() -> running(d, graphics, count, infos[0]));
            if (rc == NvmlLibrary.SUCCESS) return readAll(infos, count.getValue());
        }
        // Some devices list no graphics (or no compute) contexts at all: that is no process, not a failure.
        if (rc == NvmlLibrary.ERROR_NOT_SUPPORTED) return List.of();
        check(rc, graphics ? "nvmlDeviceGetGraphicsRunningProcesses_v3" : "nvmlDeviceGetComputeRunningProcesses_v3");
        return List.of();
    }

    private int running(Pointer d, boolean graphics, IntByReference count, NvmlLibrary.ProcessInfo first) {
        return graphics ? lib.nvmlDeviceGetGraphicsRunningProcesses_v3(d, count, first)
                : lib.nvmlDeviceGetComputeRunningProcesses_v3(d, count, first);
    }

    /**
     * Per-process utilization samples newer than {@code lastSeen} (µs); an empty list when there are
     * none (NVML_ERROR_NOT_FOUND), null when the device does not report them.
     */
    List<NvmlLibrary.ProcessUtilizationSample> processUtilization(Pointer d, long lastSeen) {
        IntByReference count = new IntByReference(0);
        int rc = call(() -> lib.nvmlDeviceGetProcessUtilization(d, null, count, lastSeen));
        for (int attempt = 0; rc == NvmlLibrary.ERROR_INSUFFICIENT_SIZE && attempt < 3; attempt++) {
            int room = count.getValue() + 4;
            NvmlLibrary.ProcessUtilizationSample[] samples =
                    (NvmlLibrary.ProcessUtilizationSample[]) new NvmlLibrary.ProcessUtilizationSample().toArray(room);
            count.setValue(room);
            rc = call(() -> lib.nvmlDeviceGetProcessUtilization(d, samples[0], count, lastSeen));
            if (rc == NvmlLibrary.SUCCESS) return readAll(samples, count.getValue());
        }
        return rc == NvmlLibrary.SUCCESS || rc == NvmlLibrary.ERROR_NOT_FOUND ? List.of() : null;
    }

    void shutdown() { call(lib::nvmlShutdown); }

    /** JNA reads the whole array back after the call, since its first element was the argument. */
    private static <S extends Structure> List<S> readAll(S[] array, int n) {
        return List.of(array).subList(0, Math.min(n, array.length));
    }

    private void check(int rc, String what) {
        if (rc != NvmlLibrary.SUCCESS) throw new NvmlException(what + ": " + error(rc));
    }

    /** An older driver's library may lack a function: that reads as "not supported". */
    private static int call(java.util.function.IntSupplier fn) {
        try {
            return fn.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            return NvmlLibrary.ERROR_NOT_SUPPORTED;
        }
    }

    static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
