package dev.bpftop.shell;

import dev.bpftop.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the text being edited into tokens for highlighting and completion. It is forgiving on
 * purpose: an unterminated string or comment simply runs to the end of the text, as it does while
 * the user is still typing it.
 */
final class SqlLexer {
    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, COMMENT, SPACE, SYMBOL }

    record Token(Kind kind, int start, int end, String text) {
        /** Whether an open string or quoted name still waits for its closing quote. */
        boolean unterminated() {
            if (kind != Kind.STRING && kind != Kind.QUOTED_NAME) return false;
            char q = text.charAt(0);
            int quotes = 0;
            for (int i = 0; i < text.length(); i++) if (text.charAt(i) == q) quotes++;
            return quotes % 2 == 1;
        }
    }

    private SqlLexer() {}

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(s.charAt(i))) i++;
                kind = Kind.SPACE;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl;
                kind = Kind.COMMENT;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                kind = Kind.COMMENT;
            } else if (c == '\'' || c == '"') {
                i = StatementSplitter.closing(s, i, c);
                kind = c == '\'' ? Kind.STRING : Kind.QUOTED_NAME;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
                kind = Kind.NUMBER;
            } else if (isWordChar(c)) {
                while (i < n && isWordChar(s.charAt(i))) i++;
                kind = Kind.WORD;
            } else {
                i++;
                kind = Kind.SYMBOL;
            }
            out.add(new Token(kind, start, i, s.substring(start, i)));
        }
        return out;
    }

    static boolean isWordChar(char c) { return Character.isLetterOrDigit(c) || c == '_' || c == '$'; }
}
