package dev.bpftop.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the BPF backend needs before libbpf is even asked, checked so the error names it. */
final class Preconditions {
    private static final int CAP_SYS_ADMIN = 21, CAP_PERFMON = 38, CAP_BPF = 39;
    private static final Path BTF = Path.of("/sys/kernel/btf/vmlinux");

    private Preconditions() {}

    static void check() {
        long caps = effectiveCaps();
        boolean bpfCaps = has(caps, CAP_BPF) && has(caps, CAP_PERFMON);
        if (!bpfCaps && !has(caps, CAP_SYS_ADMIN)) {
            throw new BpfUnavailableException("not root and missing CAP_BPF+CAP_PERFMON (run as root, or "
                    + "setcap cap_bpf,cap_perfmon+ep on the java binary)");
        }
        if (!Files.isReadable(BTF)) {
            throw new BpfUnavailableException("no kernel BTF at " + BTF + " (needs CONFIG_DEBUG_INFO_BTF=y, kernel 5.5+)");
        }
    }

    private static boolean has(long caps, int cap) { return (caps & (1L << cap)) != 0; }

    private static long effectiveCaps() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        } catch (IOException e) {
            // fall through: unknown capabilities, let the kernel decide
        }
        return -1;
    }
}
