package dev.bpftop.sql.kept;

import java.util.List;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;

/**
 * A table whose scan can take some filters wholly on itself. A kept plan calls the scan of such a
 * table directly ({@link DirectScan}) when it applies every filter the plan pushed to it: Calcite's
 * interpreter would then add nothing but its own set-up (a planner and its rules, a cluster).
 */
public interface SelfFilteringTable extends ProjectableFilterableTable {
    /** Whether a scan given {@code filters} applies every one of them itself, leaving Calcite none. */
    boolean appliesAll(List<RexNode> filters);
}
