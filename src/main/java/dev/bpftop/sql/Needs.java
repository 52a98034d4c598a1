package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import java.util.EnumSet;
import java.util.Set;

/**
 * What reading a column costs beyond the walk every snapshot makes (each task's stat line and the
 * system figures): the collector details it needs, and whether it is measured over the interval
 * since the previous snapshot. Declared with the column, so a prepared (WATCH) query collects only
 * what it reads and a one-shot statement waits for a baseline sample only when it shows a rate.
 */
public record Needs(Set<Detail> details, boolean interval) {
    /** Nothing more: the stat line, a file read at query time for the rows that reach it (exe), or figures from outside the task walk. */
    public static final Needs NOTHING = new Needs(Set.of(), false);
    /** A rate over the interval since the previous snapshot (cpu_pct): a one-shot statement first takes a baseline sample. */
    public static final Needs INTERVAL = new Needs(Set.of(), true);
    /** Every detail: correct before cheap, for what nobody has narrowed down. */
    public static final Needs EVERYTHING = new Needs(Detail.all(), false);

    public Needs {
        details = Set.copyOf(details);
    }

    public static Needs of(Detail first, Detail... more) { return new Needs(EnumSet.of(first, more), false); }

    /** What reading both this and {@code other} needs. */
    public Needs and(Needs other) {
        Set<Detail> both = EnumSet.noneOf(Detail.class);
        both.addAll(details);
        both.addAll(other.details);
        return new Needs(both, interval || other.interval);
    }
}
