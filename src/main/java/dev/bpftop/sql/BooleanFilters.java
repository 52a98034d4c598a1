package dev.bpftop.sql;

import dev.bpftop.enrich.Snapshot;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * The filters of a scan that test one boolean column ({@code WHERE NOT kernel_thread}, {@code
 * WHERE frozen}), taken from Calcite and applied by the table itself. Calcite compiles each filter
 * it is left with into a new class with Janino on every execution of a plan, which a WATCH or the
 * live view re-runs each tick: some milliseconds of CPU, and new classes for the JIT to compile.
 * SQL's three-valued logic holds: a NULL passes neither {@code col} nor {@code NOT col}.
 */
final class BooleanFilters<R> {
    private record Test(int column, boolean expected) {}

    private final List<Column<R>> columns;
    private final List<Test> tests = new ArrayList<>();

    /** Removes from {@code filters} those this class applies, as {@code ProjectableFilterableTable.scan} asks. */
    BooleanFilters(List<RexNode> filters, List<Column<R>> columns) {
        this.columns = columns;
        for (Iterator<RexNode> it = filters.iterator(); it.hasNext(); ) {
            Test test = test(it.next());
            if (test != null) {
                tests.add(test);
                it.remove();
            }
        }
    }

    /** Positions of the columns the taken filters read. */
    int[] columnsRead() { return tests.stream().mapToInt(Test::column).toArray(); }

    List<R> apply(List<R> rows, Snapshot snap) {
        if (tests.isEmpty()) return rows;
        List<R> kept = new ArrayList<>(rows.size());
        for (R row : rows) if (passes(row, snap)) kept.add(row);
        return kept;
    }

    private boolean passes(R row, Snapshot snap) {
        for (Test t : tests) {
            if (!Boolean.valueOf(t.expected).equals(columns.get(t.column).getter().get(row, snap))) return false;
        }
        return true;
    }

    private Test test(RexNode filter) {
        if (filter.isA(SqlKind.NOT) && ((RexCall) filter).getOperands().get(0) instanceof RexInputRef ref) return test(ref, false);
        return filter instanceof RexInputRef ref ? test(ref, true) : null;
    }

    private Test test(RexInputRef ref, boolean expected) {
        int i = ref.getIndex();
        return i < columns.size() && columns.get(i).type() == ColumnType.BOOLEAN ? new Test(i, expected) : null;
    }
}
