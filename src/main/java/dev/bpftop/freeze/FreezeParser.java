package dev.bpftop.freeze;

import dev.bpftop.freeze.FreezeCommand.Target;
import dev.bpftop.freeze.FreezeCommand.Verb;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.SqlError;
import java.util.Locale;

/**
 * The grammar, small enough to read in one go (keywords in any case):
 * <pre>
 *   (FREEZE | THAW) ( CGROUP 'path' | UNIT 'name' | CONTAINER 'name or id' | PID n | WHERE predicate )
 *   THAW ALL
 * </pre>
 * The predicate is left to Calcite, which reports its own errors; positions are mapped back.
 */
public final class FreezeParser {
    private final String text;
    private int pos;

    private FreezeParser(String text) { this.text = text; }

    /** Whether the statement is ours: its first word (after blanks and comments) is FREEZE or THAW. */
    public static boolean accepts(String statement) {
        FreezeParser p = new FreezeParser(statement);
        p.skipSpace();
        int start = p.pos;
        while (p.pos < statement.length() && Character.isLetter(statement.charAt(p.pos))) p.pos++;
        if (p.pos < statement.length() && !Character.isWhitespace(statement.charAt(p.pos))) return false;
        String first = statement.substring(start, p.pos).toUpperCase(Locale.ROOT);
        return first.equals("FREEZE") || first.equals("THAW");
    }

    public static FreezeCommand parse(String statement) throws SqlError {
        return new FreezeParser(statement).statement();
    }

    private FreezeCommand statement() throws SqlError {
        skipSpace();
        Verb verb = Verb.valueOf(word("FREEZE or THAW"));
        skipSpace();
        int at = pos;
        String kw = word(targets(verb));
        Target target;
        try {
            target = Target.valueOf(kw);
        } catch (IllegalArgumentException e) {
            throw error(at, "expected " + targets(verb) + ", found '" + Sanitizer.forTerminal(kw) + "'");
        }
        if (target == Target.ALL && verb == Verb.FREEZE) {
            throw error(at, "FREEZE ALL is not allowed: name the cgroup, unit, container or pid to freeze");
        }
        skipSpace();
        int argAt = pos;
        String argument = switch (target) {
            case CGROUP, UNIT, CONTAINER -> string(target);
            case PID -> number();
            case WHERE -> predicate();
            case ALL -> "";
        };
        skipSpace();
        if (pos < text.length()) throw error(pos, "unexpected '" + Sanitizer.forTerminal(rest()) + "' after the target");
        int[] lc = lineColumn(argAt);
        return new FreezeCommand(verb, target, argument, lc[0], lc[1]);
    }

    private static String targets(Verb verb) {
        return (verb == Verb.THAW ? "CGROUP, UNIT, CONTAINER, PID, WHERE or ALL" : "CGROUP, UNIT, CONTAINER, PID or WHERE") + " after " + verb;
    }

    private String word(String expected) throws SqlError {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) pos++;
        if (start == pos) throw error(start, "expected " + expected + (start < text.length() ? ", found '" + Sanitizer.forTerminal(rest()) + "'" : ""));
        return text.substring(start, pos).toUpperCase(Locale.ROOT);
    }

    private String string(Target target) throws SqlError {
        String what = target == Target.CGROUP ? "a cgroup path" : target == Target.UNIT ? "a unit name" : "a container name or id";
        if (pos >= text.length() || text.charAt(pos) != '\'') {
            throw error(pos, "expected " + what + " in single quotes after " + target + (pos < text.length() ? ", found '" + Sanitizer.forTerminal(rest()) + "'" : ""));
        }
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != '\'') {
                sb.append(c);
            } else if (pos < text.length() && text.charAt(pos) == '\'') {
                sb.append('\'');
                pos++;
            } else {
                if (sb.isEmpty()) throw error(start, "empty " + what.substring(2));
                return sb.toString();
            }
        }
        throw error(start, "unterminated string: missing closing quote");
    }

    private String number() throws SqlError {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
        if (start == pos) throw error(start, "expected a process id after PID" + (pos < text.length() ? ", found '" + Sanitizer.forTerminal(rest()) + "'" : ""));
        String digits = text.substring(start, pos);
        if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE || Long.parseLong(digits) == 0) {
            throw error(start, "not a process id: " + digits);
        }
        return digits;
    }

    private String predicate() throws SqlError {
        if (pos >= text.length()) throw error(pos, "expected a condition over processes after WHERE, e.g. WHERE comm = 'nginx'");
        String p = text.substring(pos);
        pos = text.length();
        return p.stripTrailing();
    }

    private String rest() {
        String r = text.substring(pos).split("\\s+", 2)[0];
        return r.length() > 30 ? r.substring(0, 30) + "…" : r;
    }

    /** Skips blanks and SQL comments ({@code -- …} to the end of the line, {@code /* … *}{@code /}). */
    private void skipSpace() {
        while (pos < text.length()) {
            if (Character.isWhitespace(text.charAt(pos))) {
                pos++;
            } else if (text.startsWith("--", pos)) {
                int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? text.length() : nl + 1;
            } else if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                pos = end < 0 ? text.length() : end + 2;
            } else {
                return;
            }
        }
    }

    private SqlError error(int at, String message) {
        int[] lc = lineColumn(at);
        return new SqlError(message, lc[0], lc[1]);
    }

    private int[] lineColumn(int offset) {
        int line = 1, col = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }
}
