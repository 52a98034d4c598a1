package dev.bpftop.sql;

import java.time.Duration;

/**
 * One statement as {@link Grammar} parsed it: the Session runs it, front ends never look at its
 * text again. A new kind of statement is a new case here, its form in {@link Grammar}, and the
 * compiler then points at every switch that must handle it.
 */
public sealed interface Statement {

    /** Plain SQL that Calcite parses and plans: SELECT, WITH, VALUES, and every mistake. */
    record Query(String sql) implements Statement {}

    /** EXPLAIN …: Calcite's plan, one row per operator. */
    record Explain(String sql) implements Statement {}

    /**
     * DESCRIBE name: a table's columns or a view's definition. {@code name} is as written (quotes
     * and case included); {@code line}/{@code column} say where, 0 when it was not typed as SQL.
     */
    record Describe(String name, int line, int column) implements Statement {}

    /** SHOW TABLES (and DESCRIBE alone): tables and views with descriptions. */
    record ShowTables() implements Statement {}

    /** WATCH [interval] query: the live view re-runs the query every interval. */
    record Watch(Duration interval, String query) implements Statement {
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
        public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
        public static final Duration MAX_INTERVAL = Duration.ofDays(1);
    }

    enum Verb { FREEZE, THAW }

    /**
     * What FREEZE and THAW act on. {@code namedBy} is the processes column whose values name a target
     * of this kind (completion offers them inside the quotes); null where none is worth listing.
     */
    enum Target {
        CGROUP("cgroup"), UNIT("unit"), CONTAINER(null), PID(null), WHERE(null), ALL(null);

        private final String namedBy;

        Target(String namedBy) { this.namedBy = namedBy; }

        public String namedBy() { return namedBy; }
    }

    /**
     * FREEZE or THAW. {@code argument} is the quoted string's value, the pid's digits or the WHERE
     * condition's text; {@code line}/{@code column} say where it starts (0 when not typed as SQL),
     * so errors about the target point at it.
     */
    sealed interface Freezing extends Statement {
        Verb verb();

        Target target();

        String argument();

        int line();

        int column();

        default long pid() { return Long.parseLong(argument()); }
    }

    record Freeze(Target target, String argument, int line, int column) implements Freezing {
        @Override public Verb verb() { return Verb.FREEZE; }

        /** FREEZE PID n, as the live view's f key means it. */
        public static Freeze pid(long pid) { return new Freeze(Target.PID, Long.toString(pid), 0, 0); }
    }

    record Thaw(Target target, String argument, int line, int column) implements Freezing {
        @Override public Verb verb() { return Verb.THAW; }

        /** THAW PID n, as the live view's u and U keys mean it. */
        public static Thaw pid(long pid) { return new Thaw(Target.PID, Long.toString(pid), 0, 0); }
    }
}
