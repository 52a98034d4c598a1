package dev.bpftop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ThreadSchedTest {
    @Test
    void readsThisThreadsScheduleAndItOnlyGrows() {
        ThreadSched s = ThreadSched.open();
        assertNotNull(s, "this kernel has schedstat (CONFIG_SCHED_INFO)");
        try (s) {
            long cpu = s.cpuNs(), wait = s.waitNs();
            long spin = 0;
            for (int i = 0; i < 50_000_000; i++) spin += i ^ (spin >>> 3); // some CPU time for the kernel to count
            assertTrue(spin != 1);
            assertTrue(s.read());
            assertTrue(s.cpuNs() > cpu, "CPU time moved: " + cpu + " -> " + s.cpuNs());
            assertTrue(s.waitNs() >= wait);
        }
    }

    @Test
    void parsesTheFieldsAndRefusesOtherText() {
        ThreadSched s = ThreadSched.open();
        assertNotNull(s);
        try (s) {
            assertTrue(parse(s, "3026453 53491 2\n"));
            assertEquals(3026453, s.cpuNs());
            assertEquals(53491, s.waitNs());
            assertFalse(parse(s, "12 x3 4\n"));
            assertFalse(parse(s, "12\n"));
            assertEquals(3026453, s.cpuNs(), "a refused text leaves the last values");
        }
    }

    private static boolean parse(ThreadSched s, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return s.parse(b, b.length);
    }
}
