package dev.bpftop.enrich.gpu;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of NVML (libnvidia-ml.so.1) bpftop calls, declared as in nvml.h. Every function returns
 * an nvmlReturn_t; {@code nvmlDevice_t} is an opaque pointer. Unsigned ints arrive as Java ints
 * (read them with {@link Integer#toUnsignedLong}).
 */
public interface NvmlLibrary extends Library {
    int SUCCESS = 0;
    int ERROR_NOT_SUPPORTED = 3;
    int ERROR_NOT_FOUND = 6;
    int ERROR_INSUFFICIENT_SIZE = 7;

    int TEMPERATURE_GPU = 0;
    int CLOCK_GRAPHICS = 0, CLOCK_SM = 1, CLOCK_MEM = 2;
    int PCIE_UTIL_TX_BYTES = 0, PCIE_UTIL_RX_BYTES = 1;
    /** nvml.h's buffer sizes for strings (the _V2 sizes where there are two). */
    int UUID_BUFFER = 96, NAME_BUFFER = 96, DRIVER_VERSION_BUFFER = 80;
    /** usedGpuMemory when the driver cannot tell (NVML_VALUE_NOT_AVAILABLE). */
    long VALUE_NOT_AVAILABLE = -1L;

    int nvmlInit_v2();
    int nvmlShutdown();
    String nvmlErrorString(int result);

    int nvmlSystemGetDriverVersion(byte[] version, int length);
    int nvmlDeviceGetCount_v2(IntByReference count);
    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);
    int nvmlDeviceGetName(Pointer device, byte[] name, int length);
    int nvmlDeviceGetPciInfo_v3(Pointer device, PciInfo pci);
    int nvmlDeviceGetUtilizationRates(Pointer device, Utilization utilization);
    int nvmlDeviceGetMemoryInfo(Pointer device, Memory memory);
    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference temp);
    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);
    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference milliwatts);
    int nvmlDeviceGetFanSpeed(Pointer device, IntByReference percent);
    int nvmlDeviceGetClockInfo(Pointer device, int clockType, IntByReference mhz);
    int nvmlDeviceGetCurrPcieLinkGeneration(Pointer device, IntByReference gen);
    int nvmlDeviceGetCurrPcieLinkWidth(Pointer device, IntByReference width);
    int nvmlDeviceGetPcieThroughput(Pointer device, int counter, IntByReference kilobytesPerSecond);
    int nvmlDeviceGetComputeMode(Pointer device, IntByReference mode);

    /** {@code infos} is the first element of a contiguous array ({@link Structure#toArray}), or null to ask the count. */
    int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference infoCount, ProcessInfo infos);
    int nvmlDeviceGetGraphicsRunningProcesses_v3(Pointer device, IntByReference infoCount, ProcessInfo infos);
    int nvmlDeviceGetProcessUtilization(Pointer device, ProcessUtilizationSample utilization,
                                        IntByReference processSamplesCount, long lastSeenTimeStamp);

    /** nvmlUtilization_t: percent of the last sample period. */
    @Structure.FieldOrder({"gpu", "memory"})
    class Utilization extends Structure {
        public int gpu, memory;
    }

    /** nvmlMemory_t (v1), bytes. */
    @Structure.FieldOrder({"total", "free", "used"})
    class Memory extends Structure {
        public long total, free, used;
    }

    /** nvmlProcessInfo_t, which nvml.h makes nvmlProcessInfo_v2_t: 24 bytes, 4 of padding after pid. */
    @Structure.FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
    class ProcessInfo extends Structure {
        public int pid;
        public long usedGpuMemory;
        public int gpuInstanceId, computeInstanceId;
    }

    /** nvmlProcessUtilizationSample_t: 32 bytes; timeStamp is CPU time in microseconds. */
    @Structure.FieldOrder({"pid", "timeStamp", "smUtil", "memUtil", "encUtil", "decUtil"})
    class ProcessUtilizationSample extends Structure {
        public int pid;
        public long timeStamp;
        public int smUtil, memUtil, encUtil, decUtil;
    }

    /** nvmlPciInfo_t: 68 bytes. */
    @Structure.FieldOrder({"busIdLegacy", "domain", "bus", "device", "pciDeviceId", "pciSubSystemId", "busId"})
    class PciInfo extends Structure {
        public byte[] busIdLegacy = new byte[16];
        public int domain, bus, device, pciDeviceId, pciSubSystemId;
        public byte[] busId = new byte[32];
    }
}
