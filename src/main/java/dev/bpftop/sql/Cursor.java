package dev.bpftop.sql;

import java.util.Locale;

/**
 * A position in one statement's text, for the forms {@link Grammar} reads itself. Positions are
 * offsets into the text as written, so errors carry the line and column a person sees.
 */
final class Cursor {
    final String text;
    int pos;

    Cursor(String text) { this.text = text; }

    boolean atEnd() { return pos >= text.length(); }

    char peek() { return text.charAt(pos); }

    /** Skips blanks and SQL comments ({@code -- …} to the end of the line, {@code /* … *}{@code /}). */
    void skipSpace() {
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

    /** The identifier-like word here (letters, digits, _ and $), upper case; empty when there is none. */
    String word() {
        int start = pos;
        while (pos < text.length() && isWordChar(text.charAt(pos))) pos++;
        return text.substring(start, pos).toUpperCase(Locale.ROOT);
    }

    /** Letters only: FREEZE's keywords end at the first digit or symbol. */
    String letters() {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) pos++;
        return text.substring(start, pos).toUpperCase(Locale.ROOT);
    }

    /** The run of non-blank characters here. */
    String chunk() {
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    /** What comes next, for "found '…'" in an error: one chunk, cut at 30 characters. */
    String rest() {
        String r = text.substring(pos).split("\\s+", 2)[0];
        return r.length() > 30 ? r.substring(0, 30) + "…" : r;
    }

    SqlError error(int at, String message) {
        int[] lc = lineColumn(at);
        return new SqlError(message, lc[0], lc[1]);
    }

    /** 1-based line and column of an offset. */
    int[] lineColumn(int offset) {
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

    static boolean isWordChar(char c) { return Character.isLetterOrDigit(c) || c == '_' || c == '$'; }
}
