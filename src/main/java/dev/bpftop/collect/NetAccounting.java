package dev.bpftop.collect;

import java.time.Instant;

/**
 * Where a collector's per-process network bytes come from: which kernel hooks count them and
 * since when (totals run from there), or why there are none.
 *
 * @param hooks "fexit" or "kprobe"; null when nothing counts
 * @param since when the hooks were attached; null when nothing counts
 * @param note  one line for `.backend` and --verbose
 */
public record NetAccounting(String hooks, Instant since, String note) {
    /** A backend that cannot count per-process network bytes at all. */
    public static NetAccounting none(String why) { return new NetAccounting(null, null, "network: " + why); }
}
