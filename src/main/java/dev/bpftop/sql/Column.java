package dev.bpftop.sql;

import dev.bpftop.enrich.Snapshot;

/**
 * A column declared once: name, type, what reading it costs the collector, one-line description
 * and how to read it from a row. `.schema`, DESCRIBE and the docs are generated from these
 * declarations; which details a query collects and whether it waits for a baseline, from its needs.
 *
 * @param needs what the column needs beyond what its table needs for any scan (see {@link TableDef#needs()})
 */
public record Column<R>(String name, ColumnType type, Needs needs, String description, Getter<R> getter) {

    @FunctionalInterface
    public interface Getter<R> {
        /** The value, or null; may be expensive, since it is called only when the column is projected. */
        Object get(R row, Snapshot snapshot);
    }
}
