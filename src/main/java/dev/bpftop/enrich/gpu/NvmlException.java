package dev.bpftop.enrich.gpu;

/** An NVML call failed in a way that empties the GPU tables for this snapshot; the message names the call. */
final class NvmlException extends RuntimeException {
    NvmlException(String message) { super(message, null, false, false); }
}
