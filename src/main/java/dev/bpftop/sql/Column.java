package dev.bpftop.sql;

import dev.bpftop.collect.Snapshot;

/**
 * A column declared once: name, type, one-line description and how to read it from a row. `.schema`,
 * DESCRIBE and the docs are generated from these declarations.
 */
public record Column<R>(String name, ColumnType type, String description, Getter<R> getter) {

    @FunctionalInterface
    public interface Getter<R> {
        /** The value, or null; may be expensive, since it is called only when the column is projected. */
        Object get(R row, Snapshot snapshot);
    }
}
