package dev.bpftop.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits a script on semicolons that are outside quotes and comments. */
public final class StatementSplitter {
    private StatementSplitter() {}

    public static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(script, i, c);
                cur.append(script, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                cur.append(script, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                cur.append(script, i, end);
                i = end;
            } else if (c == ';') {
                add(out, cur);
                cur.setLength(0);
                i++;
            } else {
                cur.append(c);
                i++;
            }
        }
        add(out, cur);
        return out;
    }

    /** Index just after the quote that closes the one at {@code open} (doubled quotes escape), or the end of text. */
    public static int closing(String s, int open, char q) {
        int i = open + 1;
        while (i < s.length()) {
            if (s.charAt(i) == q) {
                if (i + 1 < s.length() && s.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!isOnlyComments(s)) out.add(s);
    }

    /** Blank, {@code -- …} and {@code /* … *}{@code /} comments only: nothing to run, as in psql and sqlite3. */
    private static boolean isOnlyComments(String s) {
        Cursor c = new Cursor(s);
        c.skipSpace();
        return c.atEnd();
    }
}
