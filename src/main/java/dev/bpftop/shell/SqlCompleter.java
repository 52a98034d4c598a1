package dev.bpftop.shell;

import dev.bpftop.shell.SqlLexer.Kind;
import dev.bpftop.shell.SqlLexer.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completion from context: dot-commands and their arguments, tables after FROM/JOIN, the columns of
 * the tables the statement names (anywhere in it, so the select list completes too), `alias.column`,
 * functions, keywords, and values inside a string where they are cheap to list.
 */
final class SqlCompleter implements Completer {
    private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "JOIN", "WHERE", "ON", "GROUP", "ORDER",
            "HAVING", "BY", "LIMIT", "DESCRIBE", "DESC", "USING");

    private final Catalog catalog;
    private final DotCommands commands;
    private final ValueCompleter values;

    SqlCompleter(Catalog catalog, DotCommands commands, ValueCompleter values) {
        this.catalog = catalog;
        this.commands = commands;
        this.values = values;
    }

    @Override
    public void complete(LineReader reader, ParsedLine parsed, List<Candidate> out) {
        String line = parsed.line();
        String word = parsed.word();
        String before = line.substring(0, parsed.cursor() - parsed.wordCursor());
        if (line.stripLeading().startsWith(".")) {
            commands.complete(before.strip(), out);
            return;
        }
        List<Token> tokens = significant(SqlLexer.tokens(before));
        Map<String, String> aliases = relationsNamed(SqlLexer.tokens(line));
        if (word.startsWith("'")) {
            values.complete(tokens, aliases, out);
            return;
        }
        int dot = word.lastIndexOf('.');
        if (dot > 0) {
            String qualifier = word.substring(0, dot);
            String relation = aliases.getOrDefault(qualifier.toLowerCase(Locale.ROOT), qualifier.toLowerCase(Locale.ROOT));
            for (Catalog.Name c : catalog.columns(relation)) out.add(column(qualifier + "." + c.name(), c));
            return;
        }
        boolean upper = word.isEmpty() || Character.isUpperCase(word.charAt(0));
        if (wantsRelation(tokens)) {
            for (Catalog.Name r : catalog.relations()) out.add(new Candidate(r.name(), r.name(), "tables", r.description(), null, null, true));
            return;
        }
        for (String relation : new LinkedHashSet<>(aliases.values())) {
            for (Catalog.Name c : catalog.columns(relation)) out.add(column(c.name(), c));
        }
        if (aliases.isEmpty() || tokens.isEmpty()) {
            for (Catalog.Name r : catalog.relations()) out.add(new Candidate(r.name(), r.name(), "tables", r.description(), null, null, true));
        }
        for (String f : catalog.functions()) {
            String name = upper ? f : f.toLowerCase(Locale.ROOT);
            out.add(new Candidate(name + "(", name, "functions", null, null, null, false));
        }
        for (String k : Catalog.KEYWORDS) {
            String name = upper ? k : k.toLowerCase(Locale.ROOT);
            out.add(new Candidate(name, name, "keywords", null, null, null, true));
        }
    }

    private static Candidate column(String value, Catalog.Name c) {
        return new Candidate(value, value, "columns", (c.type() + " " + c.description()).strip(), null, null, true);
    }

    /** Right after FROM or JOIN, after a comma in a FROM list, or after a leading DESCRIBE. */
    private static boolean wantsRelation(List<Token> tokens) {
        if (tokens.isEmpty()) return false;
        String previous = upper(tokens.getLast());
        if (previous.equals("FROM") || previous.equals("JOIN")) return true;
        if (tokens.size() == 1) return previous.equals("DESCRIBE") || previous.equals("DESC");
        String clause = lastClause(tokens);
        return previous.equals(",") && (clause.equals("FROM") || clause.equals("JOIN"));
    }

    /** The last clause keyword before the cursor: FROM, WHERE, SELECT… ("" at the start). */
    private static String lastClause(List<Token> tokens) {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            String w = upper(tokens.get(i));
            if (CLAUSES.contains(w)) return w;
        }
        return "";
    }

    /**
     * Every table or view the statement names after FROM, JOIN or a comma in a FROM list, keyed by
     * its alias and by its own name, so that `p.` and `processes.` both resolve.
     */
    Map<String, String> relationsNamed(List<Token> all) {
        List<Token> tokens = significant(all);
        Map<String, String> out = new HashMap<>();
        boolean inFrom = false;
        for (int i = 0; i < tokens.size(); i++) {
            String w = upper(tokens.get(i));
            if (w.equals("FROM") || w.equals("JOIN")) inFrom = true;
            else if (CLAUSES.contains(w) || w.equals("ON") || w.equals(";")) inFrom = false;
            boolean names = (w.equals("FROM") || w.equals("JOIN") || (inFrom && w.equals(","))) && i + 1 < tokens.size();
            if (!names) continue;
            String relation = tokens.get(i + 1).text().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!catalog.isRelation(relation)) continue;
            out.put(relation, relation);
            int a = i + 2;
            if (a < tokens.size() && upper(tokens.get(a)).equals("AS")) a++;
            if (a < tokens.size() && tokens.get(a).kind() == Kind.WORD && !Catalog.KEYWORDS.contains(upper(tokens.get(a)))) {
                out.put(tokens.get(a).text().toLowerCase(Locale.ROOT), relation);
            }
        }
        return out;
    }

    static List<Token> significant(List<Token> tokens) {
        List<Token> out = new ArrayList<>();
        for (Token t : tokens) if (t.kind() != Kind.SPACE && t.kind() != Kind.COMMENT) out.add(t);
        return out;
    }

    static String upper(Token t) { return t.text().toUpperCase(Locale.ROOT); }
}
