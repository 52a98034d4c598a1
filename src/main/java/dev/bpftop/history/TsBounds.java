package dev.bpftop.history;

import java.util.Calendar;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;
import com.google.common.collect.BoundType;
import com.google.common.collect.Range;

/**
 * The range of ts a scan's filters allow, so that only the files whose names overlap it are
 * opened. Only what surely bounds ts counts (a comparison or range of ts with a constant, in any
 * conjunct); anything else leaves the range open, and Calcite applies every filter anyway.
 */
record TsBounds(long lo, long hi) {
    static final TsBounds ALL = new TsBounds(Long.MIN_VALUE, Long.MAX_VALUE);

    boolean contains(long ts) { return ts >= lo && ts <= hi; }

    static TsBounds instant(long ts) { return new TsBounds(ts, ts); }

    /** @param ts the position of ts in the scanned row type */
    static TsBounds of(List<RexNode> filters, int ts) {
        TsBounds b = ALL;
        for (RexNode f : filters) b = b.and(of(f, ts));
        return b;
    }

    private TsBounds and(TsBounds o) { return new TsBounds(Math.max(lo, o.lo), Math.min(hi, o.hi)); }

    private static TsBounds of(RexNode node, int ts) {
        if (!(node instanceof RexCall call)) return ALL;
        if (call.getKind() == SqlKind.AND) return of(call.getOperands(), ts);
        if (call.getKind() == SqlKind.SEARCH && isTs(call.getOperands().get(0), ts)
                && call.getOperands().get(1) instanceof RexLiteral lit) {
            Sarg<?> sarg = lit.getValueAs(Sarg.class);
            if (sarg == null || sarg.rangeSet.isEmpty()) return ALL;
            return range(sarg.rangeSet.span());
        }
        if (call.getOperands().size() != 2) return ALL;
        RexNode a = call.getOperands().get(0), b = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        if (!isTs(a, ts)) {
            if (!isTs(b, ts)) return ALL;
            RexNode t = a;
            a = b;
            b = t;
            kind = kind.reverse();
        }
        if (!(b instanceof RexLiteral lit)) return ALL;
        Long v = millis(lit.getValue());
        if (v == null) return ALL;
        return switch (kind) {
            case EQUALS -> new TsBounds(v, v);
            case LESS_THAN -> new TsBounds(Long.MIN_VALUE, v - 1);
            case LESS_THAN_OR_EQUAL -> new TsBounds(Long.MIN_VALUE, v);
            case GREATER_THAN -> new TsBounds(v + 1, Long.MAX_VALUE);
            case GREATER_THAN_OR_EQUAL -> new TsBounds(v, Long.MAX_VALUE);
            default -> ALL;
        };
    }

    /** ts itself, or ts cast to another precision (a literal with milliseconds casts the column). */
    private static boolean isTs(RexNode n, int ts) {
        if (n instanceof RexCall cast && cast.getKind() == SqlKind.CAST) n = cast.getOperands().get(0);
        return n instanceof RexInputRef ref && ref.getIndex() == ts;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static TsBounds range(Range span) {
        long lo = Long.MIN_VALUE, hi = Long.MAX_VALUE;
        if (span.hasLowerBound()) {
            Long v = millis(span.lowerEndpoint());
            if (v != null) lo = span.lowerBoundType() == BoundType.OPEN ? v + 1 : v;
        }
        if (span.hasUpperBound()) {
            Long v = millis(span.upperEndpoint());
            if (v != null) hi = span.upperBoundType() == BoundType.OPEN ? v - 1 : v;
        }
        return new TsBounds(lo, hi);
    }

    private static Long millis(Object v) {
        return switch (v) {
            case TimestampString t -> t.getMillisSinceEpoch();
            case Calendar c -> c.getTimeInMillis();
            case Number n -> n.longValue();
            case null, default -> null;
        };
    }
}
