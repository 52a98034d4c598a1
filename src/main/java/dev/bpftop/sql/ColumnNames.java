package dev.bpftop.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Names a select item that has no name after its text as the statement spells it, as sqlite3 does
 * (`count(*)`, `pid + 1`, `upper(comm)`), where Calcite would call it EXPR$0. Explicit aliases
 * and plain columns keep their names. Every SELECT in the statement is named, so a subquery's
 * columns read the same through `SELECT *`.
 */
final class ColumnNames {
    /** Names Calcite makes itself (EXPR$0, EXPLAIN's PLAN) are upper case; bpftop's are lower. */
    private static final Pattern CALCITE_NAME = Pattern.compile("[A-Z][A-Z0-9_$]*");
    /** A token before the item, where Babel starts an item that holds a `::` cast. */
    private static final Pattern TOKEN_BEFORE = Pattern.compile("^(?:,|(?i:select|distinct|all)\\b)\\s*");
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*[\\r\\n]+\\s*");

    private ColumnNames() {}

    /** Names the select items of the statements parsed on this thread until closed. */
    static Hook.Closeable watch() {
        return Hook.PARSE_TREE.addThread((Object[] parsed) -> name((SqlNode) parsed[1], (String) parsed[0]));
    }

    /**
     * Calcite answers a few exact texts (`SELECT 1`, `VALUES 1`...) without parsing them, so the
     * hook never names their column: a trailing space makes them ordinary statements.
     */
    static String parsed(String sql) {
        return SHORTCUT_TEXTS.contains(sql) ? sql + " " : sql;
    }

    private static final java.util.Set<String> SHORTCUT_TEXTS =
            java.util.Set.of("SELECT 1", "select 1", "SELECT 1 FROM DUAL", "select 1 from dual", "values 1", "VALUES 1");

    /** The column name a result shows for a JDBC column label. */
    static String label(String jdbcLabel) {
        return CALCITE_NAME.matcher(jdbcLabel).matches() ? jdbcLabel.toLowerCase(Locale.ROOT) : jdbcLabel;
    }

    /** Gives each unnamed select item in {@code statement}, parsed from {@code sql}, an alias: its text. */
    static void name(SqlNode statement, String sql) {
        LineStarts lines = new LineStarts(sql);
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getSelectList() != null) name(select.getSelectList(), sql, lines);
                return super.visit(call);
            }
        });
    }

    private static void name(SqlNodeList items, String sql, LineStarts lines) {
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            if (item instanceof SqlIdentifier || item.getKind() == SqlKind.AS) continue;
            String text = text(item.getParserPosition(), sql, lines);
            if (text.isEmpty()) continue;
            SqlParserPos pos = item.getParserPosition();
            items.set(i, SqlStdOperatorTable.AS.createCall(pos, item, new SqlIdentifier(text, pos)));
        }
    }

    /**
     * The statement's text at a parser position; line breaks with their indentation become one
     * space. Babel starts an item holding a `::` cast at the token before it (the comma, SELECT or
     * DISTINCT), none of which an expression begins with.
     */
    private static String text(SqlParserPos pos, String sql, LineStarts lines) {
        int from = lines.offset(pos.getLineNum(), pos.getColumnNum());
        int to = lines.offset(pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
        if (from < 0 || to <= from || to > sql.length()) return "";
        String text = sql.substring(from, to).strip();
        for (String before = null; !text.equals(before); ) {
            before = text;
            text = TOKEN_BEFORE.matcher(text).replaceFirst("");
        }
        return LINE_BREAK.matcher(text).replaceAll(" ");
    }

    /** Maps the parser's 1-based line and column (a tab is one column; CR, LF and CRLF end a line) to an offset. */
    private static final class LineStarts {
        private final int[] starts;

        LineStarts(String sql) {
            List<Integer> s = new ArrayList<>(List.of(0));
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == sql.length() || sql.charAt(i + 1) != '\n'))) s.add(i + 1);
            }
            starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        int offset(int line, int column) {
            if (line < 1 || line > starts.length || column < 1) return -1;
            return starts[line - 1] + column - 1;
        }
    }
}
