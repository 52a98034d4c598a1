package dev.bpftop.render;

/**
 * Makes attacker-controlled text (a process can name itself with escape sequences) safe for a
 * terminal: control characters, DEL, C1 controls and bidi overrides become visible escapes.
 */
public final class Sanitizer {
    private Sanitizer() {}

    public static String forTerminal(String s) {
        if (s == null) return null;
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = replacement(c);
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 8);
                sb.append(s, 0, i);
            }
            if (sb != null) sb.append(rep != null ? rep : String.valueOf(c));
        }
        return sb == null ? s : sb.toString();
    }

    /** Same, but keeps newlines and tabs, which CSV quoting carries safely. */
    public static String forTerminalKeepingLines(String s) {
        if (s == null) return null;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = (c == '\n' || c == '\t' || c == '\r') ? null : replacement(c);
            sb.append(rep != null ? rep : String.valueOf(c));
        }
        return sb.toString();
    }

    private static String replacement(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            default -> {
                if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) yield String.format("\\x%02x", (int) c);
                if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f) {
                    yield String.format("\\u%04x", (int) c);
                }
                yield null;
            }
        };
    }
}
