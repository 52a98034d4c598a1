package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which shape of a field that moved between kernel versions the running kernel matched, read from
 * libbpf's own account of the real load (its debug log of CO-RE relocations): before 6.2
 * mm->rss_stat was a struct of atomics (mm_struct___pre62 in bpf/core.h), since then it is an
 * array of per-CPU counters. bin/vmtest runs this on 6.1, where the old shape must match, and on
 * 6.12; the host covers its own kernel.
 */
class CoreFlavorTest {
    private static final String PRE62 = "struct mm_struct___pre62.rss_stat";

    @Test
    void rssStatHasItsPre62ShapeExactlyOnKernelsBefore62() throws Exception {
        Require.root();
        Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
        byte[] object = BpfCollector.embeddedObject();
        List<String> log = LibBpf.get().debugLog(() -> BpfCollector.open(object, true).close());
        String kernel = System.getProperty("os.version");
        int exists = fieldExists(log, PRE62);
        // bin/vmtest checks the object each kernel loaded against the host's by this line
        System.out.println("CO-RE relocation on " + kernel + " (object sha256 " + sha256(object) + "): "
                + "bpf_core_field_exists(" + PRE62 + ") = " + exists);
        assertEquals(before62(kernel) ? 1 : 0, exists, "the pre-6.2 rss_stat on " + kernel);
    }

    /**
     * The value libbpf patched into a field-exists relocation of {@code field}, from lines such as
     * <pre>
     * prog 'dump_task_sleepable': relo #82: &lt;field_exists&gt; [105] struct mm_struct___pre62.rss_stat (0:0 @ offset 0)
     * prog 'dump_task_sleepable': relo #82: patched insn #291 (ALU/ALU64) imm 1 -> 0
     * </pre>
     */
    static int fieldExists(List<String> log, String field) {
        Pattern spec = Pattern.compile("(prog '[^']+': relo #\\d+: )<field_exists> \\[\\d+\\] " + Pattern.quote(field) + " \\(");
        String relo = null;
        for (String line : log) {
            Matcher s = spec.matcher(line);
            if (relo == null && s.find()) {
                relo = s.group(1);
            } else if (relo != null && line.contains(relo + "patched insn")) {
                Matcher m = Pattern.compile("imm \\d+ -> (\\d+)").matcher(line);
                assertTrue(m.find(), line);
                return Integer.parseInt(m.group(1));
            }
        }
        return fail("no field-exists relocation of " + field + " among libbpf's " + log.size() + " debug lines"
                + (relo == null ? "" : " (found " + relo + "but not its result)"));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static boolean before62(String release) {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        assertTrue(m.find(), release);
        int major = Integer.parseInt(m.group(1)), minor = Integer.parseInt(m.group(2));
        return major < 6 || major == 6 && minor < 2;
    }
}
