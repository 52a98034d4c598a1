package dev.bpftop.enrich.gpu;

/**
 * One device as NVML reported it. A null field is one the device does not report
 * (NVML_ERROR_NOT_SUPPORTED) or that failed on its own; the rest of the row still stands.
 */
public record Gpu(int index, String uuid, String name, String pciBusId,
                  Long utilGpu, Long utilMemory, Long memTotal, Long memUsed, Long memFree,
                  Long temperature, Double powerDraw, Double powerLimit, Long fan,
                  Long clockSm, Long clockMem, Long clockGraphics,
                  Long pcieGen, Long pcieWidth, Long pcieTx, Long pcieRx, String computeMode) {}
