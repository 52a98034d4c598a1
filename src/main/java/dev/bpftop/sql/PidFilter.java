package dev.bpftop.sql;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * The pid a scan's filters fix ({@code WHERE pid = 1234}), so that a table whose rows cost a walk
 * per process (open files) collects one process only. The filter is left in place for Calcite to
 * apply as well: reading it here only narrows what is collected, never what is returned.
 */
final class PidFilter {
    private PidFilter() {}

    /** @return the pid, or null when no conjunct of the filters is {@code column = literal} */
    static Integer fixed(List<RexNode> filters, int column) {
        for (RexNode f : filters) {
            Integer pid = fixed(f, column);
            if (pid != null) return pid;
        }
        return null;
    }

    private static Integer fixed(RexNode filter, int column) {
        if (filter.isA(SqlKind.AND)) return fixed(((RexCall) filter).getOperands(), column);
        if (!filter.isA(SqlKind.EQUALS)) return null;
        List<RexNode> ops = ((RexCall) filter).getOperands();
        Integer pid = literal(ops.get(0), ops.get(1), column);
        return pid != null ? pid : literal(ops.get(1), ops.get(0), column);
    }

    private static Integer literal(RexNode ref, RexNode value, int column) {
        if (ref.isA(SqlKind.CAST)) ref = ((RexCall) ref).getOperands().get(0);
        if (!(ref instanceof RexInputRef in) || in.getIndex() != column || !(value instanceof RexLiteral lit)) return null;
        BigDecimal n = lit.getValueAs(BigDecimal.class);
        if (n == null || n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) return null;
        try {
            return n.intValueExact();
        } catch (ArithmeticException e) {
            return null; // 12.5 fixes no pid
        }
    }
}
