package dev.bpftop.sql;

import java.io.Reader;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.util.SourceStringReader;

/**
 * The session's SQL parser: Babel's, which also reads the condition of FREEZE/THAW WHERE as
 * {@code SELECT pid FROM processes WHERE <condition>}. The Session hands Calcite the condition at
 * its own line and column (everything before it blank), so Calcite plans it against the
 * statement's snapshot like any query, its errors point into the statement as written, and no SQL
 * is pasted together from pieces. Every other text, the views a condition names included, is
 * parsed by Babel as it is.
 */
public final class ConditionParser extends SqlBabelParserImpl {
    /** The condition text the Session is preparing on this thread; a view it names is parsed on the same thread. */
    private static final ThreadLocal<String> EXPECTED = new ThreadLocal<>();

    /** Named by the connection's {@code parserFactory} property, hence public. */
    public static final SqlParserImplFactory FACTORY = new SqlParserImplFactory() {
        @Override
        public SqlAbstractParserImpl getParser(Reader reader) {
            if (reader instanceof SourceStringReader source && source.getSourceString().equals(EXPECTED.get())) {
                ConditionParser p = new ConditionParser(reader);
                p.setOriginalSql(source.getSourceString());
                return p;
            }
            return SqlBabelParserImpl.FACTORY.getParser(reader);
        }

        @Override
        public DdlExecutor getDdlExecutor() { return SqlBabelParserImpl.FACTORY.getDdlExecutor(); }
    };

    private ConditionParser(Reader reader) { super(reader); }

    @Override
    public SqlNode parseSqlStmtEof() throws Exception {
        SqlNode condition = parseSqlExpressionEof();
        SqlParserPos at = condition.getParserPosition();
        return new SqlSelect(at, null, SqlNodeList.of(new SqlIdentifier("pid", at)), new SqlIdentifier("processes", at), condition,
                null, null, null, null, null, null, null, null);
    }

    /** The text Calcite gets for a WHERE condition: the condition where the statement has it, blanks before. */
    static String inPlace(Statement.Freezing where) {
        return "\n".repeat(Math.max(0, where.line() - 1)) + " ".repeat(Math.max(0, where.column() - 1)) + where.argument();
    }

    /** While open, {@code text} parses as a condition on this thread. */
    static Hook.Closeable expecting(String text) {
        EXPECTED.set(text);
        return EXPECTED::remove;
    }
}
