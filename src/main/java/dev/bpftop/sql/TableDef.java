package dev.bpftop.sql;

import dev.bpftop.collect.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A table: its name, what it holds, its columns and where its rows come from in a snapshot. */
public record TableDef<R>(String name, String description, List<Column<R>> columns, Function<Snapshot, List<R>> rows) {

    public static <R> Builder<R> builder(String name, String description, Function<Snapshot, List<R>> rows) {
        return new Builder<>(name, description, rows);
    }

    public static final class Builder<R> {
        private final String name;
        private final String description;
        private final Function<Snapshot, List<R>> rows;
        private final List<Column<R>> columns = new ArrayList<>();

        private Builder(String name, String description, Function<Snapshot, List<R>> rows) {
            this.name = name;
            this.description = description;
            this.rows = rows;
        }

        public Builder<R> column(String name, ColumnType type, String description, Column.Getter<R> getter) {
            columns.add(new Column<>(name, type, description, getter));
            return this;
        }

        /** Adds a group of columns declared elsewhere (cgroup, container, GPU columns of processes). */
        public Builder<R> columns(List<Column<R>> more) {
            columns.addAll(more);
            return this;
        }

        public TableDef<R> build() {
            return new TableDef<>(name, description, List.copyOf(columns), rows);
        }
    }
}
