package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's BTF cut to what the task walk relocates (bpftool gen min_core_btf): libbpf must patch
 * every relocated instruction of the real load exactly as it does against the kernel's own BTF,
 * and a cut BTF someone else could have written is never used.
 */
class MinimalBtfTest {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    @TempDir
    Path dir;

    @BeforeEach
    void needs() {
        Require.root();
        Require.that(Files.isReadable(VMLINUX), "kernel BTF at /sys/kernel/btf/vmlinux");
        Require.that(Files.isExecutable(Path.of("/usr/sbin/bpftool")), "bpftool (bin/build installs it)");
    }

    @Test
    void theCutBtfRelocatesEveryInstructionAsTheKernelsOwn() throws Exception {
        byte[] object = BpfCollector.embeddedObject();
        Path btf = MinimalBtf.forObject(object, dir);
        assertNotNull(btf, "made with bpftool");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(btf)));
        assertTrue(Files.size(btf) * 100 < Files.size(VMLINUX), Files.size(btf) + " bytes against the kernel's " + Files.size(VMLINUX));
        List<String> cut = patches(LibBpf.get().debugLog(() -> BpfCollector.openWithBtf(object, btf).close()));
        List<String> kernel = patches(LibBpf.get().debugLog(() -> BpfCollector.openWithBtf(object, null).close()));
        assertTrue(kernel.size() > 20, "the load relocates its fields: " + kernel);
        assertEquals(kernel, cut);
    }

    @Test
    void aCutBtfIsMadeOnceAndOnlyTakenFromWhereTheUserAloneWrites() throws Exception {
        byte[] object = BpfCollector.embeddedObject();
        Path btf = MinimalBtf.forObject(object, dir);
        assertNotNull(btf);
        long made = Files.getLastModifiedTime(btf).toMillis();
        Thread.sleep(20);
        assertEquals(btf, MinimalBtf.forObject(object, dir), "the same file, kept");
        assertEquals(made, Files.getLastModifiedTime(btf).toMillis(), "not made again");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(btf), files.toList(), "no object or half-made file left beside it");
        }

        Files.setPosixFilePermissions(btf, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertNull(MinimalBtf.forObject(object, dir), "a file others can write");
        Files.setPosixFilePermissions(btf, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(MinimalBtf.forObject(object, dir), "a directory others can write");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        assertEquals(btf, MinimalBtf.forObject(object, dir));
    }

    /** libbpf's lines for each relocated instruction (what it patched it to, or that it poisoned it), without BTF type ids. */
    private static List<String> patches(List<String> log) {
        return log.stream()
                .filter(l -> l.contains("relo #") && (l.contains("patched insn") || l.contains("poison") || l.contains("substitut")))
                .map(l -> l.replaceAll("\\[\\d+\\]", "[]"))
                .toList();
    }
}
