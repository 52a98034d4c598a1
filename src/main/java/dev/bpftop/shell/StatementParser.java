package dev.bpftop.shell;

import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.Parser;

/**
 * Tells JLine when the input is a whole statement (a `;` outside quotes and comments, a
 * dot-command on its own line, or a bare quit/exit as psql accepts) and, for completion, which word the cursor is on. Enter on an
 * unfinished statement continues it on the next line.
 */
final class StatementParser implements Parser {

    @Override
    public Word parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !isComplete(line)) {
            throw new EOFError(-1, -1, "statement continues", ";");
        }
        return new Word(line, cursor, wordStart(line, cursor));
    }

    /** Blank, a dot-command, or ending with `;` that is not inside a string or a comment. */
    static boolean isComplete(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.startsWith(".") || Shell.isQuit(t)) return true;
        List<SqlLexer.Token> tokens = SqlCompleter.significant(SqlLexer.tokens(t));
        return !tokens.isEmpty() && tokens.getLast().text().equals(";");
    }

    /**
     * Where the word being completed starts: the start of an identifier (with any `alias.` before
     * it) or of an open string literal; the cursor itself when it follows a space or a symbol.
     */
    static int wordStart(String line, int cursor) {
        if (line.stripLeading().startsWith(".")) {
            // Dot-command arguments are plain words (file names included).
            int space = Math.max(line.lastIndexOf(' ', cursor - 1), line.lastIndexOf('\t', cursor - 1));
            return space + 1;
        }
        for (SqlLexer.Token t : SqlLexer.tokens(line.substring(0, cursor))) {
            if (t.end() != cursor) continue;
            return switch (t.kind()) {
                case STRING, QUOTED_NAME -> t.unterminated() ? t.start() : cursor;
                case WORD -> qualifiedStart(line, t.start());
                case SYMBOL -> t.text().equals(".") ? qualifiedStart(line, cursor) : cursor;
                default -> cursor;
            };
        }
        return cursor;
    }

    /** Steps back over `name.` prefixes so that `p.us` is completed as one word. */
    private static int qualifiedStart(String line, int start) {
        int s = start;
        while (s >= 2 && line.charAt(s - 1) == '.' && SqlLexer.isWordChar(line.charAt(s - 2))) {
            int w = s - 1;
            while (w > 0 && SqlLexer.isWordChar(line.charAt(w - 1))) w--;
            s = w;
        }
        return s;
    }

    /** The line with the word under the cursor; candidates replace that word as they are. */
    record Word(String line, int cursor, int start) implements CompletingParsedLine {
        @Override public String word() { return line.substring(start, cursor); }

        @Override public int wordCursor() { return cursor - start; }

        @Override public int wordIndex() { return 0; }

        @Override public List<String> words() { return List.of(word()); }

        @Override public CharSequence escape(CharSequence candidate, boolean complete) { return candidate; }

        @Override public int rawWordCursor() { return wordCursor(); }

        @Override public int rawWordLength() { return wordCursor(); }
    }
}
