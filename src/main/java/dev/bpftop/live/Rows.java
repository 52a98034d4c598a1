package dev.bpftop.live;

import dev.bpftop.sql.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows on screen: the last result as the grid arranges it (filter, sort, tree) and the
 * selection, which follows its pid from tick to tick.
 */
final class Rows {
    final ViewState state = new ViewState();
    private Grid grid;
    private QueryResult result;
    private List<Grid.Line> lines = List.of();

    Grid grid() { return grid; }

    QueryResult result() { return result; }

    List<Grid.Line> lines() { return lines; }

    /**
     * Takes a tick's result; a result with other columns than the last gets a new grid, sorted by
     * CPU% in the default view and by the query's own order otherwise.
     */
    void take(QueryResult r, Columns columns) {
        if (grid == null || !grid.sameColumns(r.columns())) {
            grid = new Grid(r.columns(), r.jdbcTypes(), columns);
            state.sortColumn = columns.defaultView() ? grid.index("cpu_pct") : -1;
            state.descending = true;
        }
        result = r;
        arrange();
    }

    /** Forgets the columns: the next result builds a new grid even if its names are the same. */
    void newQuery() { grid = null; }

    /** Rebuilds the visible order from the last result and keeps the selected pid selected. */
    void arrange() {
        if (result == null) return;
        lines = grid.arrange(result, state);
        if (state.selectedPid != null) {
            for (int i = 0; i < lines.size(); i++) {
                if (state.selectedPid.equals(grid.pidOf(lines.get(i).row()))) {
                    state.selected = i;
                    return;
                }
            }
        }
        select(state.selected);
    }

    void select(int index) {
        state.selected = Math.max(0, Math.min(index, lines.size() - 1));
        state.selectedPid = lines.isEmpty() ? null : grid.pidOf(lines.get(state.selected).row());
    }

    /** The selected row, or null when there is none. */
    Object[] selectedRow() {
        return lines.isEmpty() || grid == null ? null : lines.get(state.selected).row();
    }

    /** The selected row's pid; null when no row is selected or the query has no pid column. */
    Integer selectedPid() {
        Object[] row = selectedRow();
        return row == null ? null : grid.pidOf(row);
    }

    /**
     * Sorts by a column, largest first as htop does (I inverts).
     * @return false when the query lacks it, or the screen leaves it out for want of values (NET/s on procfs)
     */
    boolean sortBy(String column) {
        int i = grid == null ? -1 : grid.index(column);
        if (i < 0 || (i < grid.empty.length && grid.empty[i])) return false;
        state.sortColumn = i;
        state.descending = true;
        arrange();
        return true;
    }

    /** Sorts by the previous or next shown column; numbers start largest first. */
    void moveSort(int step) {
        if (grid == null) return;
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) if (!grid.displays[i].isHidden()) shown.add(i);
        int at = shown.indexOf(state.sortColumn);
        int next = at < 0 ? (step > 0 ? 0 : shown.size() - 1) : Math.floorMod(at + step, shown.size());
        state.sortColumn = shown.get(next);
        state.descending = grid.numeric[state.sortColumn];
        arrange();
    }

    void invert() {
        state.descending = !state.descending;
        arrange();
    }

    /** @return false when the rows have no pid and ppid to hang a tree on */
    boolean toggleTree() {
        if (grid == null || !grid.hasTree()) return false;
        state.tree = !state.tree;
        arrange();
        return true;
    }

    void filter(String text) {
        state.filter = text;
        arrange();
    }

    /** Selects the first row from {@code start} on (wrapping) that holds the search text. */
    void searchFrom(int start) {
        if (state.search.isEmpty() || lines.isEmpty()) return;
        String needle = state.search.toLowerCase(Locale.ROOT);
        for (int k = 0; k < lines.size(); k++) {
            int i = (start + k) % lines.size();
            if (grid.matches(lines.get(i).row(), needle)) {
                select(i);
                return;
            }
        }
    }
}
