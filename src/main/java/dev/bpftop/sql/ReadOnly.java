package dev.bpftop.sql;

import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Every table is a read-only view of the system, so INSERT, UPDATE, DELETE, MERGE and DDL are
 * refused as Calcite parses them, with the position, instead of failing deep in the planner with a
 * page of its internals.
 */
final class ReadOnly {
    private ReadOnly() {}

    /** Refuses changes in the statements parsed on this thread until closed. */
    static Hook.Closeable watch() {
        return Hook.PARSE_TREE.addThread((Object[] parsed) -> {
            SqlNode node = (SqlNode) parsed[1];
            // EXPLAIN PLAN FOR DELETE … plans the change, and Calcite has no plan for it.
            if (node instanceof SqlExplain explain) node = explain.getExplicandum();
            SqlKind kind = node.getKind();
            if (kind.belongsTo(SqlKind.DML) || kind.belongsTo(SqlKind.DDL)) {
                SqlParserPos pos = node.getParserPosition();
                throw new SqlError.Unchecked(new SqlError(refusal(kind.sql.replace('_', ' ')), pos.getLineNum(), pos.getColumnNum()));
            }
        });
    }

    /** "the tables are read-only views of the system: DROP is not supported (…)". */
    static String refusal(String what) {
        return "the tables are read-only views of the system: " + what + " is not supported (FREEZE and THAW act on processes)";
    }
}
