package dev.bpftop.enrich.gpu;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Detail;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.NeedsCheck;
import dev.bpftop.testing.Spawned;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * gpus and gpu_processes come from NVML alone (the stand-in, src/test/c/fake_nvml.c: no GPU here),
 * so a WATCH of them collects no task details at all, and still shows what a full collection shows.
 */
class GpuNeedsTest {
    @Test
    void gpuTablesCollectNoTaskDetails() throws Exception {
        try (Spawned a = Spawned.start("sleep", "411")) {
            String script = "init 0\ncompute 0 %d %d\ngraphics 1 %d 4096\nutil 0 %d 30 30 10 1 2\n"
                    .formatted(a.pid(), 1L << 30, a.pid(), a.pid());
            try (Session session = new Session(new SnapshotSource(new ProcfsCollector(),
                    Enrichers.none().with(new GpuEnricher(List.of(FakeNvml.install(script).toString()))), 0))) {
                for (String where : List.of("gpu_index = 0", "gpu_index = 1")) {
                    QueryResult gpu = NeedsCheck.full(session, "gpus", where);
                    assertEquals(List.of(), NeedsCheck.mismatches(session, "gpus", where, gpu, Set.of()), "gpus columns read alone");
                }
                String mine = "pid = " + a.pid() + " AND gpu_index = 0";
                QueryResult proc = NeedsCheck.full(session, "gpu_processes", mine);
                assertEquals(30, NeedsCheck.value(proc, "sm_util"), "the stand-in's sample reached the row");
                assertEquals(List.of(), NeedsCheck.mismatches(session, "gpu_processes", mine, proc, Set.of()), "gpu_processes columns read alone");

                assertEquals(Set.of(), NeedsCheck.learned(session, "SELECT * FROM gpus"));
                assertEquals(Set.of(), NeedsCheck.learned(session, "SELECT * FROM gpu_processes"));
                assertEquals(Set.of(Detail.CMDLINE), NeedsCheck.learned(session, "SELECT g.pid, p.cmdline FROM gpu_processes g JOIN processes p ON p.pid = g.pid"),
                        "a join adds what the other table's columns need");
            }
        }
    }
}
