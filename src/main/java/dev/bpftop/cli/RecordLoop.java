package dev.bpftop.cli;

import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.history.Recorder;
import java.time.Duration;

/** The recorder's schedule, standalone or inside the agent. */
final class RecordLoop {
    private RecordLoop() {}

    /**
     * Records a snapshot of {@code source} every interval, {@code count} times (0: until interrupted).
     * The source must be the recorder's own: its rates are then each over one whole interval, whoever
     * else walks the same collector meanwhile.
     */
    static void run(SnapshotSource source, Recorder recorder, Duration every, long count) throws InterruptedException {
        // A baseline first, so that every recorded cpu_pct is the share over one whole interval.
        source.refresh();
        long next = System.nanoTime() + every.toNanos();
        for (long n = 0; count == 0 || n < count; n++) {
            long wait = next - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            next = following(next, System.nanoTime(), every.toNanos());
            recorder.append(source.refresh());
        }
    }

    /**
     * When the snapshot after the one due at {@code due}, taken at {@code now}, is due. A snapshot late
     * by half an interval or more (a stalled disk, a loaded machine) restarts the schedule from now:
     * catching up would take the next one at once, a burst of snapshots over intervals too short for
     * their rates to mean much.
     */
    static long following(long due, long now, long every) {
        return now - due >= every / 2 ? now + every : due + every;
    }
}
