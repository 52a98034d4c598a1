package dev.bpftop.bpf;

/** The BPF backend cannot run here; the message says why in words a user can act on. */
public final class BpfUnavailableException extends IllegalStateException {
    public BpfUnavailableException(String message) { super(message); }
}
