package dev.bpftop.sql;

import dev.bpftop.sql.Statement.Target;
import dev.bpftop.sql.Statement.Verb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of bpftop's statements: it reads the first word (after blanks and comments) and
 * turns the text into a typed {@link Statement}. Statements of our own are read here; everything
 * else is a {@link Statement.Query} that Calcite parses. The shell's completion and highlighting
 * take their keywords from here too.
 *
 * <p>A new statement is one entry in {@link #FORMS} with its words, and one case in {@link Statement}.
 */
public final class Grammar {
    /** The words of the SQL Calcite parses that people type: keywords to highlight and complete. */
    private static final Set<String> SQL_WORDS = Set.of(
            "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH", "NEXT",
            "ONLY", "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "CROSS", "LATERAL", "ON", "USING", "AS",
            "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ILIKE", "SIMILAR", "BETWEEN", "CASE", "WHEN",
            "THEN", "ELSE", "END", "DISTINCT", "ALL", "UNION", "INTERSECT", "EXCEPT", "WITH", "RECURSIVE",
            "ASC", "DESC", "NULLS", "FIRST", "LAST", "OVER", "PARTITION", "ROWS", "RANGE", "EXISTS", "TRUE",
            "FALSE", "CAST", "VALUES", "ROW", "INTERVAL", "ESCAPE", "FILTER", "WINDOW");

    /** How SQL's own statements start, as "not a statement" errors list them. */
    private static final List<String> QUERY_STARTS = List.of("SELECT", "WITH", "VALUES");

    @FunctionalInterface
    private interface Reader {
        /** Reads the statement after its first word; null hands the whole text to Calcite after all. */
        Statement read(Cursor in) throws SqlError;
    }

    /**
     * A statement of our own: how it is named in "expected …" lists, the words it adds to the
     * keywords, and how the rest of it is read.
     */
    private record Form(String name, List<String> words, Reader reader) {}

    /** Our statements by their first word, in the order error messages list them. */
    private static final Map<String, Form> FORMS = new LinkedHashMap<>();

    static {
        form("EXPLAIN", new Form("EXPLAIN", List.of("EXPLAIN"), in -> new Statement.Explain(calcite(in.text))));
        Form describe = new Form("DESCRIBE", List.of("DESCRIBE"), Grammar::describe);
        form("DESCRIBE", describe);
        form("DESC", describe);
        form("SHOW", new Form("SHOW TABLES", List.of("SHOW", "TABLES"), Grammar::show));
        // PID is a target too, but also the pid column: as a keyword it would color every pid.
        List<String> targets = java.util.Arrays.stream(Target.values()).map(Target::name).filter(t -> !t.equals("PID")).toList();
        form("FREEZE", new Form("FREEZE", concat("FREEZE", targets), in -> FreezeGrammar.parse(in, Verb.FREEZE)));
        form("THAW", new Form("THAW", concat("THAW", targets), in -> FreezeGrammar.parse(in, Verb.THAW)));
        form("WATCH", new Form("WATCH", List.of("WATCH"), Grammar::watch));
        // Changes that Babel's parser does not even read (CREATE, INSERT and the like it reads, and
        // ReadOnly refuses them): the same refusal, not a syntax error.
        for (String word : List.of("DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "RENAME")) {
            form(word, new Form(word, List.of(), in -> {
                throw in.error(in.pos - word.length(), ReadOnly.refusal(word));
            }));
        }
    }

    private static void form(String firstWord, Form form) { FORMS.put(firstWord, form); }

    private static final Set<String> KEYWORDS;

    static {
        Set<String> all = new TreeSet<>(SQL_WORDS);
        for (Form f : FORMS.values()) all.addAll(f.words());
        KEYWORDS = Collections.unmodifiableSet(all);
    }

    private Grammar() {}

    /** Parses one statement (a trailing {@code ;} is allowed); errors carry their line and column. */
    public static Statement parse(String text) throws SqlError {
        Cursor in = new Cursor(withoutSemicolon(text));
        in.skipSpace();
        Form form = FORMS.get(in.word());
        Statement s = form == null ? null : form.reader().read(in);
        return s != null ? s : new Statement.Query(calcite(text));
    }

    /** Every keyword: SQL's own words and those of our statements, upper case. */
    public static Set<String> keywords() { return KEYWORDS; }

    /** "SELECT, WITH, VALUES, EXPLAIN, … or WATCH": what a statement may start with. */
    static String statementStarts() {
        List<String> names = new ArrayList<>(QUERY_STARTS);
        for (Form f : FORMS.values()) if (!f.words().isEmpty() && !names.contains(f.name())) names.add(f.name());
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }

    /**
     * The processes column whose values name the target after {@code verb target '} (FREEZE UNIT '…),
     * for completion; null when the words are not such a target.
     */
    public static String targetColumn(String verb, String target) {
        try {
            Verb.valueOf(verb.toUpperCase(Locale.ROOT));
            return Target.valueOf(target.toUpperCase(Locale.ROOT)).namedBy();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Statement describe(Cursor in) {
        in.skipSpace();
        if (in.atEnd()) return new Statement.ShowTables();
        int at = in.pos;
        String name = in.chunk();
        in.skipSpace();
        if (!in.atEnd()) return null; // DESCRIBE TABLE x and the like: Calcite's to accept or refuse
        int[] lc = in.lineColumn(at);
        return new Statement.Describe(name, lc[0], lc[1]);
    }

    private static Statement show(Cursor in) {
        in.skipSpace();
        if (!in.word().equals("TABLES")) return null;
        in.skipSpace();
        return in.atEnd() ? new Statement.ShowTables() : null;
    }

    private static final Pattern INTERVAL = Pattern.compile("(?i)^(\\d+(?:\\.\\d+)?)(ms|s|m)(?=\\s|$)\\s*");

    private static Statement watch(Cursor in) throws SqlError {
        while (!in.atEnd() && Character.isWhitespace(in.peek())) in.pos++;
        String rest = in.text.substring(in.pos);
        Duration interval = Statement.Watch.DEFAULT_INTERVAL;
        Matcher m = INTERVAL.matcher(rest);
        if (m.find()) {
            interval = interval(m.group(1), m.group(2));
            rest = rest.substring(m.end());
        } else if (!rest.isEmpty() && (Character.isDigit(rest.charAt(0)) || rest.charAt(0) == '-' && rest.length() > 1
                && (Character.isDigit(rest.charAt(1)) || rest.charAt(1) == '.'))) {
            throw in.error(in.pos, "bad WATCH interval '" + rest.split("\\s+")[0] + "' (expected e.g. 500ms, 2s or 1m)");
        }
        String query = rest.strip();
        if (query.isEmpty()) throw in.error(in.text.length() - 1, "WATCH needs a query, e.g. WATCH 2s SELECT * FROM top");
        return new Statement.Watch(interval, query);
    }

    /** An interval on its own, as {@code --watch} takes it ("500ms", "2s", "1m"). */
    public static Duration interval(String text) {
        Matcher m = INTERVAL.matcher(text.strip());
        if (!m.find() || m.end() != text.strip().length()) {
            throw new IllegalArgumentException("bad interval '" + text + "' (expected e.g. 500ms, 2s or 1m)");
        }
        try {
            return interval(m.group(1), m.group(2));
        } catch (SqlError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static Duration interval(String number, String unit) throws SqlError {
        double n = Double.parseDouble(number);
        double millis = switch (unit.toLowerCase(Locale.ROOT)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            default -> n * 60_000;
        };
        Duration d = Duration.ofMillis(Math.round(millis));
        if (d.compareTo(Statement.Watch.MIN_INTERVAL) < 0 || d.compareTo(Statement.Watch.MAX_INTERVAL) > 0) {
            throw new SqlError("interval must be from 100ms to 1 day", 0, 0);
        }
        return d;
    }

    private static String withoutSemicolon(String text) {
        return text.stripTrailing().replaceFirst(";\\s*$", "").stripTrailing();
    }

    /** Leading blanks stay: Calcite's error positions then count from the statement as the user wrote it. */
    static String calcite(String text) {
        return text.stripTrailing().replaceFirst(";$", "").stripTrailing();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }
}
