package dev.bpftop.sql;

import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * A consumer that reads no column of a live table's scan (`count(*)`, `SELECT 1 FROM processes`)
 * gets the scan of one cheap column instead. Calcite pushes only a projection of columns into a
 * scan; with none it scans the whole table, and every column of every row is built (exe, cwd and
 * root are a readlink each), only to be counted.
 */
final class OneColumnScanRule extends RelRule<OneColumnScanRule.Config> {
    static final OneColumnScanRule INSTANCE = new Config(RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()),
            "OneColumnScanRule", b0 -> b0.operand(RelNode.class).predicate(OneColumnScanRule::readsNoColumn)
                    .oneInput(b1 -> b1.operand(TableScan.class).predicate(OneColumnScanRule::wholeLiveTable).noInputs())).toRule();

    private OneColumnScanRule(Config config) { super(config); }

    @Override
    public void onMatch(RelOptRuleCall call) {
        RelNode consumer = call.rel(0);
        TableScan scan = call.rel(1);
        SnapshotTable<?> table = scan.getTable().unwrap(SnapshotTable.class);
        RelBuilder b = call.builder();
        RelNode narrowed = b.push(scan).project(b.field(cheapest(table))).build();
        call.transformTo(consumer.copy(consumer.getTraitSet(), List.of(narrowed)));
    }

    private static boolean readsNoColumn(RelNode rel) {
        return switch (rel) {
            case Aggregate a -> RelOptUtil.getAllFields(a).isEmpty();
            case Project p -> RelOptUtil.InputFinder.bits(p.getProjects(), null).isEmpty();
            default -> false;
        };
    }

    /** A scan of every column of one of our tables (no projection pushed yet). */
    private static boolean wholeLiveTable(TableScan scan) {
        return scan.getTable().unwrap(SnapshotTable.class) != null
                && scan.getRowType().getFieldCount() == scan.getTable().getRowType().getFieldCount();
    }

    /** The first column that needs nothing beyond the walk: the table's key, as declared first. */
    private static int cheapest(SnapshotTable<?> table) {
        List<? extends Column<?>> columns = table.def().columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).needs().equals(Needs.NOTHING)) return i;
        }
        return 0;
    }

    record Config(RelBuilderFactory relBuilderFactory, String description, OperandTransform operandSupplier) implements RelRule.Config {
        @Override
        public Config withRelBuilderFactory(RelBuilderFactory factory) { return new Config(factory, description, operandSupplier); }

        @Override
        public Config withDescription(String text) { return new Config(relBuilderFactory, text, operandSupplier); }

        @Override
        public Config withOperandSupplier(OperandTransform transform) { return new Config(relBuilderFactory, description, transform); }

        @Override
        public OneColumnScanRule toRule() { return new OneColumnScanRule(this); }
    }
}
