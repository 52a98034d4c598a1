package dev.bpftop.sql;

/**
 * What running a {@link Statement} gave, for the front end to act on: it switches on the case and
 * never looks at the statement's text.
 */
public sealed interface Outcome {

    /** Rows to show in the front end's format. */
    record Rows(QueryResult result) implements Outcome {}

    /** A query's rows went to the front end's {@link RowSink} as they were read; nothing is left to show. */
    record Streamed(QueryResult.Timings timings) implements Outcome {}

    /**
     * FREEZE or THAW planned, nothing changed yet: the front end shows the plan, asks, and applies
     * exactly this plan (see dev.bpftop.freeze.PlanRunner), or only shows it for --dry-run.
     */
    record Planned(Plan plan) implements Outcome {}

    /** WATCH: the query belongs in the live view, which a front end with a terminal opens. */
    record Live(Statement.Watch watch) implements Outcome {}
}
