package dev.bpftop.enrich.gpu;

/**
 * A process with a context on one device. {@code type} is compute, graphics or compute+graphics
 * (nvidia-smi's C, G, C+G); utilizations are percent over the interval since the previous reading,
 * null when the device does not report per-process utilization.
 */
public record GpuProcess(int gpuIndex, String gpuUuid, int pid, Long usedMemory, String type,
                         Integer smUtil, Integer memUtil, Integer encUtil, Integer decUtil) {}
