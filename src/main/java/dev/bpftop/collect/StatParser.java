package dev.bpftop.collect;

import java.nio.charset.StandardCharsets;

/**
 * /proc/PID/stat parsed in place from the bytes: the comm in parentheses (which may itself hold
 * ") ("), then space-separated fields, of which a task row keeps some.
 */
public final class StatParser {
    /** USER_HZ: /proc reports times in these ticks on every Linux architecture. */
    public static final long TICK_NS = 10_000_000L;
    private static final long PAGE_SIZE = 4096;
    private static final int PF_KTHREAD = 0x00200000;

    private StatParser() {}

    /** Fills {@code t} from the text of /proc/PID/stat; false when it is not one. */
    public static boolean parse(byte[] stat, Task t) { return parse(stat, stat.length, t); }

    static boolean parse(byte[] stat, int length, Task t) {
        int open = indexOf(stat, length, (byte) '(');
        int close = lastIndexOf(stat, length, (byte) ')');
        if (open < 0 || close < open || close + 3 >= length) return false;
        t.comm = RawText.decode(stat, open + 1, close - open - 1);
        // Field 3 (state) of proc(5) follows ") "; the numbers after it are parsed in place, one
        // field at a time, skipping those we do not keep (some, like rsslim, exceed a long).
        int i = close + 2;
        t.state = (char) stat[i];
        i += 2;
        for (int field = 4; i < length && stat[i] != '\n'; field++) {
            int end = i;
            while (end < length && stat[end] != ' ' && stat[end] != '\n') end++;
            switch (field) {
                case 4 -> t.ppid = (int) number(stat, i, end);
                case 5 -> t.pgid = (int) number(stat, i, end);
                case 6 -> t.sid = (int) number(stat, i, end);
                case 7 -> t.ttyNr = (int) number(stat, i, end);
                case 9 -> t.kernelThread = (number(stat, i, end) & PF_KTHREAD) != 0;
                case 10 -> t.minflt = number(stat, i, end);
                case 12 -> t.majflt = number(stat, i, end);
                case 14 -> t.utimeNs = number(stat, i, end) * TICK_NS;
                case 15 -> t.stimeNs = number(stat, i, end) * TICK_NS;
                case 18 -> t.priority = (int) number(stat, i, end);
                case 19 -> t.nice = (int) number(stat, i, end);
                case 20 -> t.threads = (int) number(stat, i, end);
                case 22 -> t.startNs = number(stat, i, end) * TICK_NS;
                case 23 -> t.vsz = number(stat, i, end);
                case 24 -> t.rss = number(stat, i, end) * PAGE_SIZE;
                case 39 -> t.processor = (int) number(stat, i, end);
                default -> { }
            }
            i = end + 1;
        }
        return true;
    }

    /** A decimal, possibly negative, in {@code b[from, to)}. */
    static long number(byte[] b, int from, int to) {
        boolean negative = from < to && b[from] == '-';
        long v = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw new NumberFormatException(new String(b, from, to - from, StandardCharsets.US_ASCII));
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    static int indexOf(byte[] a, int length, byte b) {
        for (int i = 0; i < length; i++) if (a[i] == b) return i;
        return -1;
    }

    private static int lastIndexOf(byte[] a, int length, byte b) {
        for (int i = length - 1; i >= 0; i--) if (a[i] == b) return i;
        return -1;
    }
}
