package dev.bpftop.shell;

import java.util.List;

/**
 * Reads a script the way sqlite3 does: a line starting with '.' while no statement is pending is a
 * dot-command; everything else is SQL, run each time the text so far ends with ';'.
 */
final class Script {
    private Script() {}

    static void run(String text, DotCommands commands, Console console) {
        StringBuilder pending = new StringBuilder();
        for (String line : text.lines().toList()) {
            if (line.strip().startsWith(".") && blank(pending)) {
                pending.setLength(0); // only comments so far: sqlite3 counts them as white space too
                commands.run(line.strip(), console);
            } else {
                pending.append(line).append('\n');
                if (StatementParser.isComplete(pending.toString())) {
                    console.sql(pending.toString());
                    pending.setLength(0);
                }
            }
            if (console.done()) return;
        }
        if (!blank(pending)) console.sql(pending.toString());
    }

    /** Nothing but white space and comments. */
    private static boolean blank(CharSequence text) {
        List<SqlLexer.Token> tokens = SqlCompleter.significant(SqlLexer.tokens(text.toString()));
        return tokens.isEmpty();
    }
}
