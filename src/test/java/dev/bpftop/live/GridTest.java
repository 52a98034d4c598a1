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

    private static List<Integer> pids(Grid grid, List<Grid.Line> lines) {
        return lines.stream().map(l -> grid.pidOf(l.row())).toList();
    }
}
