package dev.bpftop.sql;

import dev.bpftop.sql.Statement.Target;
import dev.bpftop.sql.Statement.Verb;

/**
 * FREEZE and THAW, small enough to read in one go (keywords in any case):
 * <pre>
 *   (FREEZE | THAW) ( CGROUP 'path' | UNIT 'name' | CONTAINER 'name or id' | PID n | WHERE condition )
 *   THAW ALL
 * </pre>
 * The condition is left to Calcite, which plans it where it stands in the statement (see
 * {@link Condition}), so its errors point into the statement as written.
 */
final class FreezeGrammar {
    private final Cursor in;
    private final Verb verb;

    private FreezeGrammar(Cursor in, Verb verb) {
        this.in = in;
        this.verb = verb;
    }

    /** Reads the rest of a statement whose first word, {@code verb}, the cursor has just passed. */
    static Statement.Freezing parse(Cursor in, Verb verb) throws SqlError {
        return new FreezeGrammar(in, verb).statement();
    }

    private Statement.Freezing statement() throws SqlError {
        in.skipSpace();
        int at = in.pos;
        String kw = in.letters();
        if (kw.isEmpty()) throw in.error(at, "expected " + targets() + (in.atEnd() ? "" : ", found '" + in.rest() + "'"));
        Target target;
        try {
            target = Target.valueOf(kw);
        } catch (IllegalArgumentException e) {
            throw in.error(at, "expected " + targets() + ", found '" + kw + "'");
        }
        if (target == Target.ALL && verb == Verb.FREEZE) {
            throw in.error(at, "FREEZE ALL is not allowed: name the cgroup, unit, container or pid to freeze");
        }
        in.skipSpace();
        int argAt = in.pos;
        String argument = switch (target) {
            case CGROUP, UNIT, CONTAINER -> string(target);
            case PID -> number();
            case WHERE -> condition();
            case ALL -> "";
        };
        in.skipSpace();
        if (!in.atEnd()) throw in.error(in.pos, "unexpected '" + in.rest() + "' after the target");
        int[] lc = in.lineColumn(argAt);
        return verb == Verb.FREEZE ? new Statement.Freeze(target, argument, lc[0], lc[1]) : new Statement.Thaw(target, argument, lc[0], lc[1]);
    }

    private String targets() {
        return (verb == Verb.THAW ? "CGROUP, UNIT, CONTAINER, PID, WHERE or ALL" : "CGROUP, UNIT, CONTAINER, PID or WHERE") + " after " + verb;
    }

    private String string(Target target) throws SqlError {
        String what = target == Target.CGROUP ? "a cgroup path" : target == Target.UNIT ? "a unit name" : "a container name or id";
        if (in.atEnd() || in.peek() != '\'') {
            throw in.error(in.pos, "expected " + what + " in single quotes after " + target + (in.atEnd() ? "" : ", found '" + in.rest() + "'"));
        }
        int start = in.pos++;
        StringBuilder sb = new StringBuilder();
        String text = in.text;
        while (in.pos < text.length()) {
            char c = text.charAt(in.pos++);
            if (c != '\'') {
                sb.append(c);
            } else if (in.pos < text.length() && text.charAt(in.pos) == '\'') {
                sb.append('\'');
                in.pos++;
            } else {
                if (sb.isEmpty()) throw in.error(start, "empty " + what.substring(2));
                return sb.toString();
            }
        }
        throw in.error(start, "unterminated string: missing closing quote");
    }

    private String number() throws SqlError {
        int start = in.pos;
        while (!in.atEnd() && Character.isDigit(in.peek())) in.pos++;
        if (start == in.pos) throw in.error(start, "expected a process id after PID" + (in.atEnd() ? "" : ", found '" + in.rest() + "'"));
        String digits = in.text.substring(start, in.pos);
        if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE || Long.parseLong(digits) == 0) {
            throw in.error(start, "not a process id: " + digits);
        }
        return digits;
    }

    private String condition() throws SqlError {
        if (in.atEnd()) throw in.error(in.pos, "expected a condition over processes after WHERE, e.g. WHERE comm = 'nginx'");
        String c = in.text.substring(in.pos);
        in.pos = in.text.length();
        return c.stripTrailing();
    }
}
