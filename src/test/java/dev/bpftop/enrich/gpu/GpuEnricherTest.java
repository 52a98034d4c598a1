package dev.bpftop.enrich.gpu;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * GPU tables and columns against the stand-in NVML (src/test/c/fake_nvml.c, built by gcc here and
 * loaded through the real JNA binding): no GPU is lent to these tests. Two devices; device 1 has
 * no temperature sensor or fan; the processes are real ones spawned here.
 */
class GpuEnricherTest {
    private static final long GIB = 1L << 30, MIB = 1L << 20;

    @Test
    void gpusRowsCarryEveryFieldAndNullForUnsupportedOnes() throws Exception {
        try (Session session = session(FakeNvml.install("init 0\n"))) {
            List<Map<String, Object>> gpus = named(session, "SELECT * FROM gpus ORDER BY gpu_index");
            assertEquals(2, gpus.size());
            Map<String, Object> g0 = gpus.get(0);
            assertEquals("GPU-5a1d0000-0000-4000-8000-000000000000", g0.get("gpu_uuid"));
            assertEquals("Stand-in GPU Alpha", g0.get("name"));
            assertEquals("00000000:17:00.0", g0.get("pci_bus_id"));
            assertEquals("550.54.15", g0.get("driver_version"));
            assertEquals(87L, g0.get("util_gpu"));
            assertEquals(41L, g0.get("util_mem"));
            assertEquals(80 * GIB, g0.get("mem_total"));
            assertEquals(12 * GIB, g0.get("mem_used"));
            assertEquals(68 * GIB, g0.get("mem_free"));
            assertEquals(64L, g0.get("temperature"));
            assertEquals(312.5, g0.get("power_draw"));
            assertEquals(700.0, g0.get("power_limit"));
            assertEquals(55L, g0.get("fan_pct"));
            assertEquals(1980L, g0.get("clock_sm"));
            assertEquals(2619L, g0.get("clock_mem"));
            assertEquals(1755L, g0.get("clock_graphics"));
            assertEquals(5L, g0.get("pcie_gen"));
            assertEquals(16L, g0.get("pcie_width"));
            assertEquals(1000L * 1024, g0.get("pcie_tx"));
            assertEquals(250L * 1024, g0.get("pcie_rx"));
            assertEquals("default", g0.get("compute_mode"));

            Map<String, Object> g1 = gpus.get(1);
            assertNull(g1.get("temperature"), "NVML_ERROR_NOT_SUPPORTED reads as NULL");
            assertNull(g1.get("fan_pct"));
            assertEquals("Stand-in GPU Beta", g1.get("name"), "the rest of the row stands");
            assertEquals("exclusive_process", g1.get("compute_mode"));
        }
    }

    @Test
    void gpuProcessesJoinProcessesAndSumPerProcess() throws Exception {
        try (Spawned a = Spawned.start("sleep", "401"); Spawned b = Spawned.start("sleep", "402");
             Spawned c = Spawned.start("sleep", "403")) {
            // a: compute on both devices; b: compute and graphics on device 0; c: graphics on device 1.
            // Utilization samples from the last second count; those from a minute ago do not.
            // Five more compute contexts on device 0 with pids above PID_MAX_LIMIT (2^22), which no
            // process can have: seven in all, so the sizing dance fills an array of many structs.
            StringBuilder script = new StringBuilder("init 0\n")
                    .append("compute 0 %d %d\n".formatted(a.pid(), GIB))
                    .append("compute 1 %d %d\n".formatted(a.pid(), 512 * MIB))
                    .append("compute 0 %d %d\n".formatted(b.pid(), 256 * MIB))
                    .append("graphics 0 %d %d\n".formatted(b.pid(), 256 * MIB))
                    .append("graphics 1 %d %d\n".formatted(c.pid(), 64 * MIB))
                    .append("util 0 %d 30 30 10 0 0\n".formatted(a.pid()))
                    .append("util 0 %d 10 50 20 0 0\n".formatted(a.pid()))
                    .append("util 0 %d 60000 99 99 0 0\n".formatted(a.pid()))
                    .append("util 1 %d 20 20 5 1 2\n".formatted(a.pid()))
                    .append("util 0 %d 15 7 3 0 0\n".formatted(b.pid()))
                    .append("util 1 %d 60000 80 0 0 0\n".formatted(c.pid()));
            for (int i = 0; i < 5; i++) script.append("compute 0 %d 4096\n".formatted((1 << 22) + i));
            Path lib = FakeNvml.install(script.toString());
            try (Session session = session(lib)) {
                List<Object[]> joined = rows(session, """
                        SELECT g.gpu_index, g.pid, p.comm, p.cmdline, g.used_memory, g.type, g.sm_util, g.mem_util, g.enc_util, g.dec_util
                        FROM gpu_processes g JOIN processes p ON p.pid = g.pid
                        ORDER BY g.gpu_index, p.cmdline""");
                assertEquals(4, joined.size(), "the five made-up pids have no process to join");
                assertRow(joined.get(0), 0, a.pid(), "sleep", "sleep 401", GIB, "compute", 40, 15, 0, 0);
                assertRow(joined.get(1), 0, b.pid(), "sleep", "sleep 402", 256 * MIB, "compute+graphics", 7, 3, 0, 0);
                assertRow(joined.get(2), 1, a.pid(), "sleep", "sleep 401", 512 * MIB, "compute", 20, 5, 1, 2);
                assertRow(joined.get(3), 1, c.pid(), "sleep", "sleep 403", 64 * MIB, "graphics", 0, 0, 0, 0);
                assertEquals(9L, rows(session, "SELECT count(*) FROM gpu_processes").get(0)[0]);

                String sums = "SELECT pid, gpu_mem, gpu_util FROM processes WHERE pid IN (%d, %d, %d, %d) ORDER BY cmdline"
                        .formatted(a.pid(), b.pid(), c.pid(), ProcessHandle.current().pid());
                Map<Object, Object[]> byPid = byPid(rows(session, sums));
                assertArrayEquals(new Object[] {a.pid(), GIB + 512 * MIB, 60L}, byPid.get(a.pid()));
                assertArrayEquals(new Object[] {b.pid(), 256 * MIB, 7L}, byPid.get(b.pid()), "both contexts, counted once");
                assertArrayEquals(new Object[] {c.pid(), 64 * MIB, 0L}, byPid.get(c.pid()));
                assertArrayEquals(new Object[] {(int) ProcessHandle.current().pid(), 0L, 0L}, byPid.get((int) ProcessHandle.current().pid()),
                        "with NVML working, a process off the GPU has 0, not NULL");
            }
        }
    }

    @Test
    void aDeviceWhoseProcessListFailsKeepsItsRowAndTheOtherDevice() throws Exception {
        try (Spawned a = Spawned.start("sleep", "404")) {
            Path lib = FakeNvml.install("init 0\nprocs_error 1 4\ncompute 0 %d %d\ncompute 1 %d %d\n"
                    .formatted(a.pid(), GIB, a.pid(), GIB));
            GpuEnricher gpu = new GpuEnricher(List.of(lib.toString()));
            try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none().with(gpu), 0))) {
                assertEquals(2L, rows(session, "SELECT count(*) FROM gpus").get(0)[0]);
                List<Object[]> procs = rows(session, "SELECT gpu_index, pid FROM gpu_processes");
                assertEquals(1, procs.size());
                assertArrayEquals(new Object[] {0, a.pid()}, procs.get(0));
                assertEquals(GIB, rows(session, "SELECT gpu_mem FROM processes WHERE pid = " + a.pid()).get(0)[0]);
                assertEquals("gpu: 2 devices via NVML (" + lib + ", driver 550.54.15); "
                        + "device 1: nvmlDeviceGetComputeRunningProcesses_v3: Insufficient Permissions", gpu.note());
            }
        }
    }

    @Test
    void initFailureEmptiesTablesNullsColumnsAndLeavesANote() throws Exception {
        GpuEnricher gpu = new GpuEnricher(List.of(FakeNvml.install("init 9\n").toString()));
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none().with(gpu), 0))) {
            List<Object[]> self = rows(session, """
                    SELECT (SELECT count(*) FROM gpus), (SELECT count(*) FROM gpu_processes), gpu_mem, gpu_util
                    FROM processes WHERE pid = """ + ProcessHandle.current().pid());
            assertEquals(1, self.size());
            assertArrayEquals(new Object[] {0L, 0L, null, null}, self.get(0));
            assertEquals("gpu: nvmlInit_v2 failed: Driver Not Loaded", gpu.note());
        }
    }

    @Test
    void absentLibraryLeavesUnrelatedQueriesAloneAndSaysWhy() throws Exception {
        GpuEnricher gpu = new GpuEnricher(List.of("/nonexistent/" + NvmlLoader.LIBRARY));
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none().with(gpu), 0))) {
            Object[] r = rows(session, """
                    SELECT count(*), max(gpu_mem), (SELECT count(*) FROM gpus g JOIN gpu_processes p ON p.gpu_uuid = g.gpu_uuid)
                    FROM processes""").get(0);
            assertTrue((long) r[0] > 1);
            assertNull(r[1]);
            assertEquals(0L, r[2]);
            assertEquals("gpu: no NVIDIA driver (/nonexistent/libnvidia-ml.so.1 not found)", gpu.note());
        }
    }

    @Test
    void withoutTheKernelDriverTheLibraryIsNotSearchedFor() {
        assumeTrue(Stream.of("/proc/driver/nvidia", "/dev/dxg").noneMatch(p -> Files.exists(Path.of(p))), "an NVIDIA driver is here");
        assumeTrue(NvmlLoader.defaultCandidates().size() > 1, "bpftop.nvml.lib or BPFTOP_NVML_LIB is set");
        assertEquals("gpu: no NVIDIA driver (no /proc/driver/nvidia)", new GpuEnricher().note());
    }

    @Test
    void nvmlIsReadOnlyForWhatAQueryTouches() throws Exception {
        Path lib = FakeNvml.install("init 0\ntrace\n");
        try (Session session = session(lib)) {
            rows(session, "SELECT pid, comm, rss FROM processes ORDER BY rss DESC LIMIT 3");
            assertFalse(Files.readString(Path.of("/proc/self/maps")).contains(lib.toString()), "NVML mapped without need");
            rows(session, "SELECT gpu_mem FROM processes LIMIT 1");
            assertTrue(Files.readString(Path.of("/proc/self/maps")).contains(lib.toString()), "NVML not loaded when needed");
            // Reading processes leaves device figures alone (PCIe throughput alone takes NVML 40 ms).
            List<String> calls = Files.readAllLines(Path.of(lib + ".trace"));
            assertTrue(calls.contains("nvmlDeviceGetComputeRunningProcesses_v3"), calls.toString());
            assertFalse(calls.contains("nvmlDeviceGetPcieThroughput"), calls.toString());
            rows(session, "SELECT pcie_tx FROM gpus");
            assertTrue(Files.readAllLines(Path.of(lib + ".trace")).contains("nvmlDeviceGetPcieThroughput"));
        }
    }

    @Test
    void commandLineFindsNvmlThroughTheOverrideProperty() throws Exception {
        Path lib = FakeNvml.install("init 0\n");
        System.setProperty(NvmlLoader.PROPERTY, lib.toString());
        try {
            Cli.Result r = Cli.run("--backend", "procfs", "--sample", "0", "--format", "csv", "-e", "SELECT gpu_index, name, temperature FROM gpus ORDER BY gpu_index");
            assertEquals(0, r.exit(), r.err());
            assertEquals("gpu_index,name,temperature\n0,Stand-in GPU Alpha,64\n1,Stand-in GPU Beta,\n", r.out().replace("\r\n", "\n"));
            System.setProperty(NvmlLoader.PROPERTY, "/nonexistent/" + NvmlLoader.LIBRARY);
            r = Cli.run("--backend", "procfs", "--sample", "0", "--format", "csv", "-e", "SELECT count(*) AS n FROM gpus", "-e", "SELECT count(*) AS n FROM processes WHERE pid = 1");
            assertEquals(0, r.exit(), r.err());
            assertEquals("n\n0\nn\n1\n", r.out().replace("\r\n", "\n"));
        } finally {
            System.clearProperty(NvmlLoader.PROPERTY);
        }
    }

    @Test
    void jnaStructuresMatchNvmlLayouts() {
        NvmlLibrary.ProcessInfo p = new NvmlLibrary.ProcessInfo();
        assertEquals(24, p.size());
        p.usedGpuMemory = 0x1122334455L;
        p.computeInstanceId = 7;
        p.write();
        assertEquals(0x1122334455L, p.getPointer().getLong(8));
        assertEquals(7, p.getPointer().getInt(20));

        NvmlLibrary.ProcessUtilizationSample s = new NvmlLibrary.ProcessUtilizationSample();
        assertEquals(32, s.size());
        s.timeStamp = 99;
        s.smUtil = 5;
        s.decUtil = 8;
        s.write();
        assertEquals(99, s.getPointer().getLong(8));
        assertEquals(5, s.getPointer().getInt(16));
        assertEquals(8, s.getPointer().getInt(28));

        assertEquals(68, new NvmlLibrary.PciInfo().size());
        assertEquals(24, new NvmlLibrary.Memory().size());
        assertEquals(8, new NvmlLibrary.Utilization().size());
    }

    private static Session session(Path lib) {
        return new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none().with(new GpuEnricher(List.of(lib.toString()))), 0));
    }

    private static List<Object[]> rows(Session session, String sql) throws Exception {
        return session.execute(sql).rows();
    }

    private static List<Map<String, Object>> named(Session session, String sql) throws Exception {
        QueryResult r = session.execute(sql);
        return r.rows().stream().map(values -> {
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < r.columns().size(); i++) row.put(r.columns().get(i), values[i]);
            return row;
        }).toList();
    }

    private static Map<Object, Object[]> byPid(List<Object[]> rows) {
        Map<Object, Object[]> out = new HashMap<>();
        for (Object[] r : rows) out.put(r[0], r);
        return out;
    }

    private static void assertRow(Object[] row, Object... expected) {
        Object[] want = new Object[expected.length];
        for (int i = 0; i < expected.length; i++) want[i] = expected[i] instanceof Long l && i != 4 ? l.intValue() : expected[i];
        assertArrayEquals(want, row, java.util.Arrays.toString(row));
    }
}
