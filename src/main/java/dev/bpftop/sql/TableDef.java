package dev.bpftop.sql;

import dev.bpftop.enrich.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A table: its name, what it holds, what any scan of it needs, its columns and where its rows come
 * from in a snapshot.
 *
 * @param needs     what every scan needs, whichever columns it reads (threads: the walk of each
 *                  process's tasks); each column adds its own
 * @param rowsOfPid the rows of one process, for a scan whose filter fixes its "pid" column (the
 *                  table collects that process alone); null to read {@code rows} always
 */
public record TableDef<R>(String name, String description, Needs needs, List<Column<R>> columns,
                          Function<Snapshot, List<R>> rows, java.util.function.BiFunction<Snapshot, Integer, List<R>> rowsOfPid) {

    public static <R> Builder<R> builder(String name, String description, Function<Snapshot, List<R>> rows) {
        return new Builder<>(name, description, rows);
    }

    /** What a scan reading the columns at these positions needs. */
    public Needs needs(int[] read) {
        Needs n = needs;
        for (int i : read) n = n.and(columns.get(i).needs());
        return n;
    }

    public Optional<Column<R>> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Declares columns. Each says what it needs, unless its table says it once for all of them: a
     * table of neither kind fails to build, so no column is cheap by omission.
     */
    public static final class Builder<R> {
        private final String name;
        private final String description;
        private final Function<Snapshot, List<R>> rows;
        private final List<Column<R>> columns = new ArrayList<>();
        private Needs needs;
        private String unstated;
        private java.util.function.BiFunction<Snapshot, Integer, List<R>> rowsOfPid;

        private Builder(String name, String description, Function<Snapshot, List<R>> rows) {
            this.name = name;
            this.description = description;
            this.rows = rows;
        }

        /** What every scan of the table needs, and all that its columns declared without needs read. */
        public Builder<R> needs(Needs tableNeeds) {
            this.needs = tableNeeds;
            return this;
        }

        public Builder<R> column(String name, ColumnType type, Needs needs, String description, Column.Getter<R> getter) {
            columns.add(new Column<>(name, type, needs, description, getter));
            return this;
        }

        /** How the column declared last shows on screen. */
        public Builder<R> display(Display d) {
            columns.set(columns.size() - 1, columns.getLast().shown(d));
            return this;
        }

        /** A column that reads nothing beyond what its table declares in {@link #needs(Needs)}. */
        public Builder<R> column(String name, ColumnType type, String description, Column.Getter<R> getter) {
            if (unstated == null) unstated = name;
            return column(name, type, Needs.NOTHING, description, getter);
        }

        /** Adds a group of columns declared elsewhere (cgroup, container, GPU columns of processes). */
        public Builder<R> columns(List<Column<R>> more) {
            columns.addAll(more);
            return this;
        }

        /** Where the rows of one process come from, when a scan's filter fixes the pid column. */
        public Builder<R> rowsOfPid(java.util.function.BiFunction<Snapshot, Integer, List<R>> rows) {
            this.rowsOfPid = rows;
            return this;
        }

        public TableDef<R> build() {
            if (needs == null && unstated != null) {
                throw new IllegalStateException("table " + name + ": column " + unstated
                        + " declares no needs and neither does its table");
            }
            return new TableDef<>(name, description, needs == null ? Needs.NOTHING : needs, List.copyOf(columns), rows, rowsOfPid);
        }
    }
}
