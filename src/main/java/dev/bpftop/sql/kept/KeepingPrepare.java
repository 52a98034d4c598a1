package dev.bpftop.sql.kept;

import java.io.IOException;
import java.lang.reflect.Type;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.prepare.CalcitePrepareImpl;

/**
 * Calcite's preparation, but a statement prepared while a {@link KeptPlans.Use} is open on the
 * thread comes from the store when it holds the text, and is offered to it when not. Everything
 * else (no store in use, a second statement, a kept plan that no longer reads back) is Calcite's own.
 */
public final class KeepingPrepare extends CalcitePrepareImpl {
    @Override
    public <T> CalcitePrepare.CalciteSignature<T> prepareSql(CalcitePrepare.Context context, CalcitePrepare.Query<T> query,
                                                              Type elementType, long maxRowCount) {
        KeptPlans.Use use = KeptPlans.current();
        if (use == null || query.sql == null || !use.first()) return super.prepareSql(context, query, elementType, maxRowCount);
        KeptPlan kept = use.store().read(query.sql);
        if (kept != null) {
            try {
                CalcitePrepare.CalciteSignature<T> signature = kept.signature(context, maxRowCount);
                use.hit(kept);
                return signature;
            } catch (IOException | RuntimeException e) {
                // planned afresh below, and kept again
            }
        }
        CalcitePrepare.CalciteSignature<T> signature = super.prepareSql(context, query, elementType, maxRowCount);
        try {
            use.made(KeptPlan.of(query.sql, signature, context));
        } catch (RexCodec.Unsupported e) {
            use.refuse(e.getMessage());
        }
        return signature;
    }
}
