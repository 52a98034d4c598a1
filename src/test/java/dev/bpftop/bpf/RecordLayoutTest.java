package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * struct task_record is declared once (bpf/task_record.h); Java reads it through offsets the build
 * generates from that header, and the BPF compile asserts its own layout against the same figures.
 * Here the BPF object's own type information (its .BTF section, which clang writes from the
 * compile) is compared with what Java reads, and a header whose fields disagree with the generated
 * figures must fail to compile.
 */
class RecordLayoutTest {
    private static final int BTF_KIND_STRUCT = 4;

    @Test
    void javaReadsTheLayoutTheObjectWasCompiledWith() {
        Map<String, Map<String, Integer>> structs = structs(BpfCollector.embeddedObject());
        Map<String, Integer> record = structs.get("task_record");
        assertNotNull(record, "the object describes struct task_record");
        Map<String, Integer> java = new LinkedHashMap<>();
        for (String pair : TaskRecordLayout.OFFSETS.strip().split(" ")) {
            java.put(pair.substring(0, pair.indexOf('=')), Integer.parseInt(pair.substring(pair.indexOf('=') + 1)));
        }
        Map<String, Integer> compiled = new LinkedHashMap<>(record);
        compiled.remove("pad");
        compiled.remove("pad2");
        compiled.remove("(size)");
        assertEquals(compiled, java, "offsets of every field but padding");
        assertEquals(record.get("(size)"), TaskRecordLayout.SIZE);
        Map<String, Integer> config = structs.get("walk_config");
        assertEquals(TaskRecordLayout.CONFIG_USE_RINGBUF, config.get("use_ringbuf"));
        assertEquals(TaskRecordLayout.CONFIG_NR_CPUS, config.get("nr_cpus"));
        assertEquals(TaskRecordLayout.CONFIG_SIZE, config.get("(size)"));
    }

    /** Two fields swapped in the header while Java still reads the old order: the BPF compile refuses. */
    @Test
    void aHeaderThatDisagreesWithJavaFailsTheBuild(@TempDir Path dir) throws Exception {
        Require.that(Files.isExecutable(Path.of("/usr/bin/clang")), "clang (bin/build installs it)");
        Path check = Path.of("target/generated-sources/bpf/task_record_check.h").toAbsolutePath();
        Require.that(Files.isReadable(check), "the build's generated layout check (mvn package)");
        for (String f : new String[] {"core.h", "task_iter.bpf.c", "task_record.h"}) Files.copy(Path.of("bpf", f), dir.resolve(f));

        assertEquals("", compile(dir, check), "the header as it is compiles");
        String header = Files.readString(dir.resolve("task_record.h"));
        String swapped = header.replace("\t__u64 utime;\n\t__u64 stime;\n", "\t__u64 stime;\n\t__u64 utime;\n");
        assertNotEquals(header, swapped, "the test found the fields to swap");
        Files.writeString(dir.resolve("task_record.h"), swapped);
        String errors = compile(dir, check);
        assertTrue(errors.contains("task_record.utime is not where Java reads it"), errors);
    }

    /** clang's errors compiling the program in {@code dir} with the generated check, or "" when it compiles. */
    private static String compile(Path dir, Path check) throws Exception {
        Process clang = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-D__TARGET_ARCH_x86",
                "-I/usr/include/x86_64-linux-gnu", "-I" + dir, "-include", check.toString(),
                "-c", dir.resolve("task_iter.bpf.c").toString(), "-o", dir.resolve("out.o").toString())
                .redirectErrorStream(true).start();
        String out = new String(clang.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(clang.waitFor(120, TimeUnit.SECONDS));
        return clang.exitValue() == 0 ? "" : out;
    }

    /** Every struct in an ELF object's .BTF section: member name to byte offset, plus "(size)". */
    private static Map<String, Map<String, Integer>> structs(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer btf = section(b, ".BTF").order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xeB9F, btf.getShort(0) & 0xffff, "BTF magic");
        int hdrLen = btf.getInt(4), typeOff = btf.getInt(8), typeLen = btf.getInt(12), strOff = btf.getInt(16);
        int strings = hdrLen + strOff;
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (int at = hdrLen + typeOff, end = at + typeLen; at < end; ) {
            int name = btf.getInt(at), info = btf.getInt(at + 4), size = btf.getInt(at + 8);
            int kind = (info >>> 24) & 0x1f, vlen = info & 0xffff;
            boolean bitfields = info < 0;
            at += 12;
            if (kind == BTF_KIND_STRUCT) {
                Map<String, Integer> members = new LinkedHashMap<>();
                for (int i = 0; i < vlen; i++) {
                    int bits = btf.getInt(at + 12 * i + 8);
                    members.put(string(btf, strings + btf.getInt(at + 12 * i)), (bitfields ? bits & 0xffffff : bits) / 8);
                }
                members.put("(size)", size);
                out.put(string(btf, strings + name), members);
            }
            at += switch (kind) {
                case 1, 14, 17 -> 4;       // INT, VAR, DECL_TAG
                case 3 -> 12;              // ARRAY
                case 4, 5, 15, 19 -> 12 * vlen; // STRUCT, UNION, DATASEC, ENUM64
                case 6, 13 -> 8 * vlen;    // ENUM, FUNC_PROTO
                default -> 0;
            };
        }
        return out;
    }

    private static ByteBuffer section(ByteBuffer elf, String wanted) {
        long shoff = elf.getLong(0x28);
        int shentsize = elf.getShort(0x3A) & 0xffff, shnum = elf.getShort(0x3C) & 0xffff, shstrndx = elf.getShort(0x3E) & 0xffff;
        long names = elf.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (string(elf, (int) (names + elf.getInt(sh))).equals(wanted)) {
                return elf.slice((int) elf.getLong(sh + 0x18), (int) elf.getLong(sh + 0x20));
            }
        }
        throw new AssertionError("no " + wanted + " section");
    }

    private static String string(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) end++;
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.US_ASCII);
    }
}
