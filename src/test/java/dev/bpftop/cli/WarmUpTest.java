package dev.bpftop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bench's warm-up rule, on made-up clocks (no timing). */
class WarmUpTest {
    private static final long MS = 1_000_000L;

    @Test
    void endsOnceTheJitHasBeenIdleForTheQuietTime() {
        WarmUp w = new WarmUp(2, 100 * MS, 10_000 * MS);
        assertFalse(w.over(0, 5));
        assertFalse(w.over(50 * MS, 7), "compiled since: the quiet time starts again");
        assertFalse(w.over(100 * MS, 7));
        assertFalse(w.over(149 * MS, 7));
        assertTrue(w.over(150 * MS, 7), "100 ms without a compilation");
        assertTrue(w.settled());
        assertEquals(5, w.collections());
    }

    @Test
    void makesAtLeastTheMinimumEvenWhenQuiet() {
        WarmUp w = new WarmUp(3, 10 * MS, 10_000 * MS);
        assertFalse(w.over(0, 1));
        assertFalse(w.over(500 * MS, 1));
        assertTrue(w.over(501 * MS, 1));
        assertEquals(3, w.collections());
    }

    @Test
    void givesUpAtTheLimitAndSaysSo() {
        WarmUp w = new WarmUp(1, 100 * MS, 300 * MS);
        long compiled = 0;
        long now = 0;
        while (!w.over(now, compiled++)) now += 50 * MS;
        assertEquals(300 * MS, now);
        assertFalse(w.settled(), "the JIT never went quiet");
    }

    @Test
    void noQuietTimeIsAFixedCount() {
        WarmUp w = new WarmUp(2, 0, 10_000 * MS);
        assertFalse(w.over(0, 1));
        assertTrue(w.over(1, 2));
        assertTrue(w.settled());
    }
}
