package dev.bpftop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The recorder's schedule: on time it keeps its beat; late, it starts again rather than catch up. */
class RecordLoopTest {
    private static final long EVERY = 2_000;

    @Test
    void onTimeOrSlightlyLateKeepsTheSchedule() {
        assertEquals(4_000, RecordLoop.following(2_000, 2_000, EVERY));
        assertEquals(4_000, RecordLoop.following(2_000, 2_900, EVERY));
    }

    @Test
    void lateByHalfAnIntervalOrMoreStartsAgainFromNow() {
        // Due at 2 s, taken at 4.1 s: the next at 6.1 s, not at once (4 s, already past).
        assertEquals(6_100, RecordLoop.following(2_000, 4_100, EVERY));
        assertEquals(5_000, RecordLoop.following(2_000, 3_000, EVERY));
    }
}
