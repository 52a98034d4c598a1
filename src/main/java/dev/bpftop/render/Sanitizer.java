package dev.bpftop.render;

import dev.bpftop.collect.RawText;

/**
 * Makes attacker-controlled text (a process can name itself with escape sequences, line breaks,
 * bidi overrides or bytes that are not UTF-8) safe and unambiguous on a terminal. One policy for
 * every format: a code point that moves the cursor, controls the terminal, reorders or hides text
 * (Unicode categories Cc, Cf, Zl, Zp, and lone surrogates) is written as a Python-style escape, and
 * so is the backslash, so every escape reads back to exactly one original:
 * <ul>
 *   <li>{@code \\} a backslash; {@code \n \t \r} line feed, tab, carriage return;
 *   <li>{@code \xHH} the byte HH: another ASCII control or DEL, or a byte that was not valid UTF-8
 *       (see {@link RawText});
 *   <li>backslash-u and four hex digits, or {@code \UHHHHHHHH}, the code point: C1 controls, format characters (bidi
 *       overrides and isolates, zero-width characters, tags), line and paragraph separators.
 * </ul>
 */
public final class Sanitizer {
    private Sanitizer() {}

    public static String forTerminal(String s) {
        if (s == null) return null;
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (sb == null && (cp == '\\' || dangerous(cp))) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (sb != null) appendShown(sb, cp);
            i += Character.charCount(cp);
        }
        return sb == null ? s : sb.toString();
    }

    /** Whether the text shows as it is on a terminal: nothing in it needs an escape but a backslash. */
    public static boolean isSafe(String s) {
        return s.codePoints().noneMatch(Sanitizer::dangerous);
    }

    /**
     * Whether a code point must never reach a terminal raw: C0 and C1 controls, DEL, format
     * characters (bidi, zero-width, tags), line and paragraph separators, lone surrogates.
     */
    public static boolean dangerous(int cp) {
        if (cp >= 0x20 && cp < 0x7f) return false; // most text, without a table lookup
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static void appendShown(StringBuilder sb, int cp) {
        switch (cp) {
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\t' -> sb.append("\\t");
            case '\r' -> sb.append("\\r");
            default -> {
                if (cp < 0x80 && dangerous(cp)) hex(sb, "\\x", cp, 2);
                else if (cp <= 0xffff && RawText.isRawByte((char) cp)) hex(sb, "\\x", cp & 0xff, 2);
                else if (dangerous(cp)) hex(sb, cp <= 0xffff ? "\\u" : "\\U", cp, cp <= 0xffff ? 4 : 8);
                else sb.appendCodePoint(cp);
            }
        }
    }

    private static void hex(StringBuilder sb, String prefix, int value, int digits) {
        String h = Integer.toHexString(value);
        sb.append(prefix).append("0".repeat(digits - h.length())).append(h);
    }
}
