package dev.bpftop.sql;

import dev.bpftop.enrich.Snapshot;

/**
 * A column declared once: name, type, what reading it costs the collector, one-line description,
 * how to read it from a row and how a screen shows it. `.schema`, DESCRIBE, the docs and the live
 * view's columns are derived from these declarations; which details a query collects and whether
 * it waits for a baseline, from its needs.
 *
 * @param needs what the column needs beyond what its table needs for any scan (see {@link TableDef#needs()})
 */
public record Column<R>(String name, ColumnType type, Needs needs, String description, Getter<R> getter, Display display) {

    /** A column shown generically (its name in upper case). */
    public Column(String name, ColumnType type, Needs needs, String description, Getter<R> getter) {
        this(name, type, needs, description, getter, Display.generic(name, Display.numeric(type)));
    }

    /** The same column with its own display facts. */
    public Column<R> shown(Display d) { return new Column<>(name, type, needs, description, getter, d); }

    @FunctionalInterface
    public interface Getter<R> {
        /** The value, or null; may be expensive, since it is called only when the column is projected. */
        Object get(R row, Snapshot snapshot);
    }
}
