package dev.bpftop.shell;

import dev.bpftop.render.Sanitizer;
import dev.bpftop.shell.SqlLexer.Kind;
import dev.bpftop.shell.SqlLexer.Token;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Session;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jline.reader.Candidate;

/**
 * Values inside a string literal, read from a fresh snapshot (one walk, no baseline wait):
 * unit names after `FREEZE UNIT '` (cgroup paths after `FREEZE CGROUP '`, THAW alike), and a text
 * column's distinct values after `column = '`.
 * A column that does not exist (yet) simply offers nothing.
 */
final class ValueCompleter {
    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "LIKE", "ILIKE");
    private static final int MAX = 200;

    private final Session session;
    private final Catalog catalog;

    ValueCompleter(Session session, Catalog catalog) {
        this.session = session;
        this.catalog = catalog;
    }

    /** @param before the significant tokens before the open quote */
    void complete(List<Token> before, Map<String, String> relations, List<Candidate> out) {
        int n = before.size();
        String target = n >= 2 ? Grammar.targetColumn(before.get(n - 2).text(), before.get(n - 1).text()) : null;
        if (target != null) {
            distinct("processes", target, out);
            return;
        }
        String op = n >= 1 ? SqlCompleter.upper(before.get(n - 1)) : "";
        int columnAt = n - 2;
        if (n >= 2 && (op.equals(">") || op.equals("=")) && (is(before.get(n - 2), "<") || is(before.get(n - 2), "!"))) {
            op = before.get(n - 2).text() + op;
            columnAt--;
        }
        if (!COMPARISONS.contains(op) || columnAt < 0 || before.get(columnAt).kind() != Kind.WORD) return;
        String column = before.get(columnAt).text().toLowerCase(Locale.ROOT);
        String qualifier = columnAt >= 2 && is(before.get(columnAt - 1), ".") ? before.get(columnAt - 2).text().toLowerCase(Locale.ROOT) : null;
        for (String relation : qualifier != null ? List.of(relations.getOrDefault(qualifier, qualifier)) : List.copyOf(relations.values())) {
            boolean text = catalog.columns(relation).stream().anyMatch(c -> c.name().equals(column) && "VARCHAR".equals(c.type()));
            if (text) {
                distinct(relation, column, out);
                return;
            }
        }
    }

    private void distinct(String relation, String column, List<Candidate> out) {
        for (String v : session.values(relation, column, MAX)) {
            // Process-controlled text: never offer what would put control characters on the screen.
            if (v.isEmpty() || !Sanitizer.isSafe(v)) continue;
            String quoted = "'" + v.replace("'", "''") + "'";
            out.add(new Candidate(quoted, quoted, "values", null, null, null, true));
        }
    }

    private static boolean is(Token t, String text) { return t.text().equalsIgnoreCase(text); }
}
