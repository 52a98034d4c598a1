package dev.bpftop.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bpftop.render.HtopFormat;
import dev.bpftop.sql.Column;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.TableDef;
import dev.bpftop.sql.Tables;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GridTest {
    private static final List<String> NAMES = List.of("pid", "ppid", "cpu_pct", "cmdline");
    private static final List<Integer> TYPES = List.of(Types.INTEGER, Types.INTEGER, Types.DOUBLE, Types.VARCHAR);

    /** The default view's way: each column is the processes table's declared one. */
    private static Columns declared() {
        TableDef<?> processes = Tables.named("processes").orElseThrow();
        List<Optional<Column<?>>> columns = NAMES.stream().map(n -> Optional.<Column<?>>of(processes.column(n).orElseThrow())).toList();
        return new Columns(columns, Collections.nCopies(NAMES.size(), Columns.Use.SHOWN), true);
    }

    private static QueryResult result(Object[]... rows) {
        return new QueryResult(NAMES, TYPES, List.of(rows), new QueryResult.Timings(0, 0));
    }

    @Test
    void sortsFiltersAndBuildsTheTree() {
        Grid grid = new Grid(NAMES, TYPES, declared());
        QueryResult r = result(new Object[] {1, 0, 0.5, "init"}, new Object[] {10, 1, 9.0, "shell"},
                new Object[] {11, 10, 1.0, "child a"}, new Object[] {12, 10, 2.0, "child b"}, new Object[] {20, 1, null, "idle"});
        ViewState state = new ViewState();
        state.sortColumn = grid.index("cpu_pct");
        assertEquals(List.of(10, 12, 11, 1, 20), pids(grid, grid.arrange(r, state)), "CPU% descending, NULL last");
        state.descending = false;
        assertEquals(List.of(1, 11, 12, 10, 20), pids(grid, grid.arrange(r, state)));
        state.filter = "CHILD";
        assertEquals(List.of(11, 12), pids(grid, grid.arrange(r, state)));
        state.filter = "";
        state.descending = true;
        state.tree = true;
        List<Grid.Line> tree = grid.arrange(r, state);
        assertEquals(List.of(1, 10, 12, 11, 20), pids(grid, tree));
        assertEquals(List.of("", "├─ ", "│  ├─ ", "│  └─ ", "└─ "), tree.stream().map(Grid.Line::branch).toList());
    }

    @Test
    void formatsLikeHtop() {
        assertEquals("0:01.50", HtopFormat.time(1.5));
        assertEquals("2h03:04", HtopFormat.time(2 * 3600 + 3 * 60 + 4));
        assertEquals("4096", HtopFormat.bytes(4096L * 1024));
        assertEquals("300M", HtopFormat.bytes(300L << 20));
        assertEquals("1.5G", HtopFormat.bytes(3L << 29));
    }

    /** The hand-written cells say what the Formatter says, ties, negatives and huge values included. */
    @Test
    void handWrittenCellsMatchTheFormatter() {
        java.util.Random random = new java.util.Random(19);
        java.util.List<Double> values = new java.util.ArrayList<>(List.of(0.0, -0.0, 0.05, 0.15, 0.25, 0.95, 9.95, 99.95, 100.0, -0.04, -1.25,
                1e16, Double.NaN, Double.POSITIVE_INFINITY, 3599.995, 3600.0, 86399.999, 0.005, 59.995));
        for (int i = 0; i < 20_000; i++) values.add(random.nextInt(4) == 0 ? random.nextInt(2000) / 20.0 : random.nextDouble() * Math.pow(10, random.nextInt(7)));
        for (double v : values) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.1f", v), HtopFormat.oneDecimal(v), "%.1f of " + v);
            if (Double.isFinite(v) && Math.abs(v) < 1e12) {
                long cs = Math.round(v * 100), h = cs / 360_000, m = cs / 6000 % 60, s = cs / 100 % 60;
                String expected = h > 0 ? String.format(java.util.Locale.ROOT, "%dh%02d:%02d", h, m, s)
                        : String.format(java.util.Locale.ROOT, "%d:%02d.%02d", cs / 6000, s, cs % 100);
                assertEquals(expected, HtopFormat.time(v), "TIME+ of " + v);
            }
        }
    }

    private static List<Integer> pids(Grid grid, List<Grid.Line> lines) {
        return lines.stream().map(l -> grid.pidOf(l.row())).toList();
    }
}
