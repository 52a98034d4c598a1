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

    /** True when the text ends a statement: a semicolon outside quotes and comments, then only blanks. */
    public static boolean isComplete(String text) {
        String t = text.strip();
        if (!t.endsWith(";")) return false;
        List<String> parts = split(t + "\n");
        // An unterminated quote swallows the semicolon, leaving text without a trailing split.
        return !parts.isEmpty() && !hasOpenQuote(t);
    }

    private static boolean hasOpenQuote(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(s, i, c);
                if (end > s.length() || (end == s.length() && s.charAt(end - 1) != c) || end - 1 == i) return true;
                i = end;
            } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
                int end = s.indexOf('\n', i);
                if (end < 0) return false;
                i = end;
            } else {
                i++;
            }
        }
        return false;
    }

    /** Index just after the closing quote (doubled quotes escape), or the end of text. */
    private static int closing(String s, int open, char q) {
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

    private static boolean isOnlyComments(String s) {
        for (String line : s.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("--")) return false;
        }
        return true;
    }
}
