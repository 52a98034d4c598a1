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
            // A late snapshot (a stalled disk) is not followed by a burst: the schedule moves on.
            next = Math.max(next + every.toNanos(), System.nanoTime());
            recorder.append(source.refresh());
        }
    }
}
