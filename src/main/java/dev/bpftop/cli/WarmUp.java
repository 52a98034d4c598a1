package dev.bpftop.cli;

/**
 * When a bench's warm-up is over: after at least {@code min} collections, once the JIT's total
 * compile time has stood still for {@code quietNs} of back-to-back collections, or at the latest
 * after {@code limitNs}. A fixed count is not enough: bench collects back to back, so five
 * collections at 1,000 processes last ~10 ms, while C1 still works through the JVM's start-up and
 * through the collection's own rarer paths, on the same two cores; the first timed collections
 * then run interpreted code beside the compiler, 2-3x slower than the steady ones. A monitor
 * collecting once a second is past that within its first few ticks.
 */
final class WarmUp {
    private final int min;
    private final long quietNs, limitNs;
    private long startNs = -1, quietSinceNs, lastCompileMs = -1;
    private int collections;
    private boolean settled;

    WarmUp(int min, long quietNs, long limitNs) {
        this.min = min;
        this.quietNs = quietNs;
        this.limitNs = limitNs;
    }

    /**
     * Called after each warm-up collection with the time now and the JIT's total compile time so
     * far; true when the warm-up is over (and no more collections belong to it).
     */
    boolean over(long nowNs, long compileMs) {
        if (startNs < 0) {
            startNs = nowNs;
            quietSinceNs = nowNs;
        }
        collections++;
        if (compileMs != lastCompileMs) {
            lastCompileMs = compileMs;
            quietSinceNs = nowNs;
        }
        if (collections < min) return false;
        settled = quietNs <= 0 || nowNs - quietSinceNs >= quietNs;
        return settled || nowNs - startNs >= limitNs;
    }

    /** Warm-up collections made so far. */
    int collections() { return collections; }

    /** Whether the JIT was quiet when it ended (false: it ended at the limit, or never ran). */
    boolean settled() { return settled; }
}
