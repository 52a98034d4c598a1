package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The CPU count the walk sums RSS counters over, from the kernel's list of possible CPUs. */
class PossibleCpusTest {
    @Test
    void countsUpToTheHighestCpu() {
        assertEquals(1, PossibleCpus.count("0\n"));
        assertEquals(4, PossibleCpus.count("0-3\n"));
        assertEquals(8, PossibleCpus.count("0,2-5,7\n"));
        assertEquals(0, PossibleCpus.count("garbage"));
        assertTrue(PossibleCpus.count() >= Runtime.getRuntime().availableProcessors(), "this machine's");
    }
}
