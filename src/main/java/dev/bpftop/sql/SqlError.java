package dev.bpftop.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;

/** A query error reduced to one line, with the line and column where the SQL went wrong. */
public final class SqlError extends Exception {
    /**
     * Babel conformance lets a select item name an earlier alias, so Calcite reports an unknown
     * select-list column as a column defined by itself; say what the user did wrong instead.
     */
    private static final Pattern SELF_ALIAS =
            Pattern.compile("The definition of column '([^']+)' depends on itself through the following columns: '\\1'");
    private static final Pattern AT = Pattern.compile("(?:at|From) line (\\d+), column (\\d+)(?: to line \\d+, column \\d+)?:?\\s*");

    private static final String NOT_A_STATEMENT = "not a statement bpftop runs (expected " + Grammar.statementStarts() + ")";

    private final int line;
    private final int column;

    public SqlError(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** 1-based, 0 when the error has no position. */
    public int line() { return line; }

    public int column() { return column; }

    /** "error at line 1, column 8: Column 'foo' not found in any table". */
    public String oneLine() {
        String where = line > 0 ? " at line " + line + ", column " + column : "";
        return "error" + where + ": " + getMessage();
    }

    /** Carries an error out of a Calcite hook, which may throw only unchecked exceptions. */
    static final class Unchecked extends RuntimeException {
        private final SqlError error;

        Unchecked(SqlError error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    public static SqlError from(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Unchecked u) return u.error;
            if (c instanceof SqlError e) return e;
            if (c instanceof StackOverflowError) {
                return new SqlError("statement too deeply nested to run (stack overflow): split it, or nest less", 0, 0);
            }
            if (c instanceof OutOfMemoryError e) {
                return new SqlError("out of memory running the statement (" + e.getMessage() + "); see --max-memory", 0, 0);
            }
            if (c instanceof CalciteContextException cce) {
                Throwable inner = cce.getCause() != null ? cce.getCause() : cce;
                String msg = clean(inner.getMessage() != null ? inner.getMessage() : cce.getMessage());
                return new SqlError(SELF_ALIAS.matcher(msg).replaceAll("Column '$1' not found in any table"),
                        cce.getPosLine(), cce.getPosColumn());
            }
            if (c instanceof SqlParseException spe) {
                String msg = clean(firstLine(spe.getMessage()));
                // Babel's parser reads an unknown leading word as the start of an expression.
                if (msg.startsWith("Non-query expression encountered in illegal context")) msg = NOT_A_STATEMENT;
                // The parser gives no position when it gave up for a reason of its own (too deep).
                return spe.getPos() == null ? new SqlError(msg, 0, 0)
                        : new SqlError(msg, spe.getPos().getLineNum(), spe.getPos().getColumnNum());
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        String type = root.getClass().getName();
        // A class whose static initializer failed once (Calcite folds a constant such as 1/0 in
        // one) fails each later use with a NoClassDefFoundError, whose cause names the first
        // failure in its message alone: "Exception java.lang.ArithmeticException: / by zero [in thread …]".
        Matcher recorded = Failures.RECORDED.matcher(msg);
        if (root instanceof ExceptionInInitializerError && recorded.matches()) {
            type = recorded.group(1);
            msg = recorded.group(2) != null ? recorded.group(2) : type;
        }
        String plain = Failures.explain(type, msg);
        if (plain != null) return new SqlError(plain, 0, 0);
        Matcher m = AT.matcher(msg);
        if (m.find()) {
            return new SqlError(clean(m.replaceFirst("")), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return new SqlError(clean(msg), 0, 0);
    }

    /** What the JVM or Calcite says when a statement fails as it runs, in words about the statement. */
    private static final class Failures {
        private static final Pattern NUMBER = Pattern.compile("For input string: \"(.*)\"(?: under radix \\d+)?", Pattern.DOTALL);

        static final Pattern RECORDED = Pattern.compile("Exception ([\\w.$]+)(?:: (.*))? \\[in thread \".*\"\\]", Pattern.DOTALL);

        static String explain(String type, String msg) {
            if (type.equals(ArithmeticException.class.getName()) && msg.contains("by zero")) return "division by zero";
            if (type.equals(NumberFormatException.class.getName())) {
                Matcher m = NUMBER.matcher(msg);
                String value = m.matches() ? "'" + m.group(1) + "'" : "a value";
                return "cannot compare or convert " + value + " as a number: a text column compared with a number"
                        + " (quote the number, or CAST the column)";
            }
            if (msg.contains("Code grows beyond 64 KB") || msg.contains("too many constants")) {
                return "statement too large to compile (its code grows beyond 64 KB): use fewer terms,"
                        + " e.g. a join with a VALUES list instead of a long IN list";
            }
            if (msg.startsWith("There are not enough rules to produce a node")) {
                return "Calcite cannot run this statement (no plan for it)";
            }
            return null;
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "syntax error";
        int nl = s.indexOf('\n');
        String first = nl < 0 ? s : s.substring(0, nl);
        // Calcite lists every token it would have accepted; the first line says what it met.
        return first.replaceAll("\\s*at line \\d+, column \\d+\\.?$", "").replaceAll("\\.$", "");
    }

    private static String clean(String s) {
        if (s == null) return "unknown error";
        return s.replaceAll("\\s+", " ").trim();
    }
}
