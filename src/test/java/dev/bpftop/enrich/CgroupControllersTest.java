package dev.bpftop.enrich;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.sql.Session;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cgroups table's controller figures against the cgroup's own files, on a hierarchy whose root
 * enables the memory, pids and io controllers for its children (a systemd host, bin/vmtest's
 * guests): a real process in a scratch cgroup that read 1 MiB from a block device with O_DIRECT
 * (so the io controller counts it) and then sleeps.
 */
class CgroupControllersTest {
    private static final long READ_BYTES = 16 * 65536;
    private static final long LIMIT = 256L << 20;

    @BeforeEach
    void needControllers() throws IOException {
        Require.root();
        Require.v2Controllers("memory", "pids", "io");
    }

    @Test
    void memoryPidsAndIoEqualTheFiles() throws Exception {
        Path device = blockDevice().orElse(null);
        Require.that(device != null, "a block device to read from (/dev/nullb0 in bin/vmtest's guests)");
        try (ScratchCgroup cg = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-test"));
             // it waits until it is inside the cgroup, so the cgroup is charged for the read
             Spawned p = Spawned.shell("until grep -qx '0::" + cg.path() + "' /proc/self/cgroup; do sleep 0.01; done; "
                     + "dd if=" + device + " of=/dev/null bs=64k count=16 iflag=direct 2>/dev/null; exec sleep 1007");
             Session s = RealCgroupsTest.session()) {
            Files.writeString(cg.dir().resolve("memory.max"), Long.toString(LIMIT));
            cg.add(p.pid());
            awaitComm(p.pid(), "sleep");

            long memoryBefore = number(cg.dir().resolve("memory.current"));
            Object[] row = s.execute("SELECT memory_current, memory_max, pids_current, io_read_bytes, io_write_bytes, io_reads, io_writes"
                    + " FROM cgroups WHERE path = '" + cg.path() + "'").rows().get(0);
            long memoryAfter = number(cg.dir().resolve("memory.current"));
            long[] io = ioTotals(cg.dir().resolve("io.stat"));

            for (Object v : row) assertNotNull(v, "a NULL among " + List.of(row));
            long memory = (Long) row[0];
            assertTrue(memory == memoryBefore || memory == memoryAfter, "memory_current " + memory + " vs memory.current " + memoryBefore + ", then " + memoryAfter);
            assertTrue(memory > 0, "a process is charged for some memory");
            assertEquals(LIMIT, row[1], "memory_max");
            assertEquals(1L, row[2], "pids_current: the sleep alone");
            assertEquals(number(cg.dir().resolve("pids.current")), row[2], "pids.current");
            assertArrayEquals(new Object[] {io[0], io[1], io[2], io[3]}, new Object[] {row[3], row[4], row[5], row[6]}, "io.stat rbytes, wbytes, rios, wios");
            assertTrue(io[0] >= READ_BYTES && io[2] >= 1, "the 1 MiB read is counted: " + io[0] + " bytes in " + io[2] + " reads");
        }
    }

    /** /dev/nullb0 (bin/vmtest loads null_blk), else the first disk that is not a loop, ram or zram device. */
    private static Optional<Path> blockDevice() throws IOException {
        if (Files.exists(Path.of("/dev/nullb0"))) return Optional.of(Path.of("/dev/nullb0"));
        try (Stream<Path> disks = Files.list(Path.of("/sys/block"))) {
            return disks.map(d -> d.getFileName().toString())
                    .filter(n -> !n.startsWith("loop") && !n.startsWith("ram") && !n.startsWith("zram"))
                    .sorted().map(n -> Path.of("/dev", n)).filter(Files::exists).findFirst();
        }
    }

    /** rbytes, wbytes, rios, wios summed over io.stat's devices, read here independently of the table. */
    private static long[] ioTotals(Path ioStat) throws IOException {
        long[] sum = new long[4];
        List<String> keys = List.of("rbytes", "wbytes", "rios", "wios");
        Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(Files.readString(ioStat));
        while (m.find()) {
            int slot = keys.indexOf(m.group(1));
            if (slot >= 0) sum[slot] += Long.parseLong(m.group(2));
        }
        return sum;
    }

    private static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    private static void awaitComm(int pid, String comm) throws Exception {
        Path file = Path.of("/proc", Integer.toString(pid), "comm");
        for (int i = 0; i < 1000; i++) {
            if (Files.readString(file).trim().equals(comm)) return;
            Thread.sleep(10);
        }
        fail("pid " + pid + " never became " + comm);
    }
}
