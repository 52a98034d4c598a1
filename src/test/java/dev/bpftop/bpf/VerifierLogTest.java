package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program the verifier rejects must fail with the verifier's own words, via libbpf's log, which
 * a process keeps only once a load has failed (the load is then run again to explain itself).
 */
class VerifierLogTest {
    private static final String BAD = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            char LICENSE[] SEC("license") = "GPL";
            /* what the collector sets up before loading, as in task_iter.bpf.c */
            const volatile struct { __u32 use_ringbuf, nr_cpus, delta; } config = {};
            struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } records SEC(".maps");
            struct {
                __uint(type, BPF_MAP_TYPE_TASK_STORAGE); __uint(map_flags, BPF_F_NO_PREALLOC);
                __type(key, int); __type(value, __u64);
            } argv_copies SEC(".maps"), sent SEC(".maps");
            /* reads far past the iterator's context: the verifier must refuse it */
            SEC("iter.s/task") int dump_task_sleepable(void *ctx) { return *(int *)((char *)ctx + 4096); }
            SEC("iter/task") int dump_task_plain(void *ctx) { return *(int *)((char *)ctx + 4096); }
            """;

    @Test
    void rejectionCarriesTheVerifierLog(@TempDir Path dir) throws Exception {
        String m = loadFailure(dir, BAD);
        assertTrue(m.startsWith("cannot load the BPF task iterator: bpf_object__load: permission denied (EACCES)"), m);
        assertTrue(m.contains("invalid bpf_context access"), "the verifier's reason is in the message:\n" + m);
        assertTrue(m.contains("(the sleepable variant: bpf_object__load"), m);
    }

    /**
     * libbpf hands the whole verifier log over in one print call, the reason for the rejection at
     * its end: a log of many kilobytes (a long program) must keep that end.
     */
    @Test
    void aLongLogKeepsItsEnd(@TempDir Path dir) throws Exception {
        String bad = "return *(int *)((char *)ctx + 4096); }";
        String padded = BAD.replace(bad, "volatile int x = 0; " + "x += 1; ".repeat(300) + "return *(int *)((char *)ctx + 4096) + x; }");
        String m = loadFailure(dir, padded);
        assertTrue(m.length() > 4096, "a long log: " + m.length() + " characters");
        assertTrue(m.contains("invalid bpf_context access"), "the verifier's reason is in the message:\n" + m);
        assertTrue(m.contains("processed "), "the verifier's last lines are in the message:\n" + m);
    }

    private static String loadFailure(Path dir, String source) throws Exception {
        Require.root();
        Require.that(Files.isExecutable(Path.of("/usr/bin/clang")), "clang (bin/build installs it)");
        Path src = Files.writeString(dir.resolve("bad.bpf.c"), source), obj = dir.resolve("bad.bpf.o");
        Process clang = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
                "-c", src.toString(), "-o", obj.toString()).inheritIO().start();
        assertTrue(clang.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, clang.exitValue());
        LibBpf.get().silenceLog();
        return assertThrows(BpfUnavailableException.class, () -> BpfCollector.open(Files.readAllBytes(obj), true).close()).getMessage();
    }
}
