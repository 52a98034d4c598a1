package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bpftop.collect.Passwd;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long-running session (a live view left for days) shows a user renamed since it started. */
class UserNamesReloadTest {
    @TempDir
    Path dir;

    @Test
    void aSessionReadsThePasswdFileAgainWhenItChanges() throws Exception {
        long pid = ProcessHandle.current().pid();
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Path file = dir.resolve("passwd");
        Files.writeString(file, "before:x:" + uid + ":0::/:/bin/sh\n");
        String query = "SELECT username FROM processes WHERE pid = " + pid;
        try (Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), new Passwd(file), 0))) {
            assertEquals("before", s.execute(query).rows().getFirst()[0]);
            // Replaced as useradd and vipw do: written aside, renamed over.
            Path next = dir.resolve("passwd+");
            Files.writeString(next, "after:x:" + uid + ":0::/:/bin/sh\n");
            Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertEquals("after", s.execute(query).rows().getFirst()[0]);
        }
    }
}
