package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.bpf.Backends;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.Require;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * read_rate and write_rate of processes and threads, on each backend: dd copies 32 MiB from a FIFO
 * the test feeds to a file with O_DIRECT (so the bytes reach storage, and its write_bytes, at once)
 * and then waits for more input, alive, while the second snapshot is taken.
 */
class IoRatesTest {
    private static final int MIB = 32;

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void writeRateIsTheBytesOverTheInterval(String backend) throws Exception {
        Require.root();
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "bpftop-io");
        Path fifo = dir.resolve("in"), out = dir.resolve("out");
        Process dd = null;
        // The session closes its collector.
        try (Session s = new Session(new SnapshotSource(Backends.open(backend, w -> {}), Enrichers.none(), 0))) {
            assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
            dd = new ProcessBuilder("dd", "if=" + fifo, "of=" + out, "bs=1M", "iflag=fullblock", "oflag=direct")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int pid = (int) dd.pid();
            String query = "SELECT p.write_bytes, p.write_rate, t.write_rate, y.cpu_interval FROM processes p"
                    + " JOIN threads t ON t.tid = p.pid, system y WHERE p.pid = " + pid;
            try (OutputStream feed = Files.newOutputStream(fifo)) {
                long firstFrom = System.nanoTime();
                Object[] before = s.execute(query).rows().getFirst();
                long firstTo = System.nanoTime();
                feed.write(new byte[MIB << 20]);
                feed.flush();
                Path io = Path.of("/proc", Integer.toString(pid), "io");
                for (int i = 0; i < 1000 && writeBytes(io) < (long) MIB << 20; i++) Thread.sleep(10);
                long secondFrom = System.nanoTime();
                Object[] after = s.execute(query).rows().getFirst();
                long secondTo = System.nanoTime();
                long delta = (Long) after[0] - (Long) before[0];
                assertEquals((long) MIB << 20, delta, (MIB << 20) * 0.01, "dd's storage writes between the snapshots");
                // A rate divides by the time between the task's own two readings, which each fell
                // inside its statement: that bounds the rate whatever the load did to the walks.
                double slowest = delta / ((secondTo - firstFrom) / 1e9), fastest = delta / ((secondFrom - firstTo) / 1e9);
                String bounds = " over " + after[3] + " s between walk starts; bytes over the statements' outer and inner spans: "
                        + slowest + " .. " + fastest;
                for (int column : new int[] {1, 2}) {
                    double rate = (Double) after[column];
                    String what = backend + (column == 1 ? " process" : " thread") + " write_rate " + rate + bounds;
                    assertTrue(rate >= slowest * 0.99 && rate <= fastest * 1.01, what);
                }
            }
        } finally {
            if (dd != null) {
                dd.destroyForcibly();
                dd.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(out);
            Files.deleteIfExists(dir);
        }
    }

    private static long writeBytes(Path io) throws Exception {
        for (String line : Files.readAllLines(io)) {
            if (line.startsWith("write_bytes:")) return Long.parseLong(line.substring(12).trim());
        }
        return -1;
    }
}
