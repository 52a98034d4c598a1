package dev.bpftop.collect;

import java.nio.charset.StandardCharsets;

/**
 * The lines of /proc/PID/status a task row keeps, parsed in place from the bytes ("Key:\tvalue"
 * lines): the file has some 60 lines, read for every process on every tick. Its RSS lines replace
 * the rss /proc/PID/stat gave (see the end of {@link #parse}).
 */
final class StatusParser {
    private StatusParser() {}

    private static final byte[] UID = key("Uid"), GID = key("Gid"), CAP_PRM = key("CapPrm"), CAP_EFF = key("CapEff"),
            VOLUNTARY = key("voluntary_ctxt_switches"), NONVOLUNTARY = key("nonvoluntary_ctxt_switches"),
            RSS_ANON = key("RssAnon"), RSS_FILE = key("RssFile"), RSS_SHMEM = key("RssShmem");

    static void parse(byte[] b, int length, Task t) {
        long[] ids = new long[3];
        for (int line = 0; line < length; ) {
            int end = line;
            while (end < length && b[end] != '\n') end++;
            // Most of the ~60 lines are skipped: their first byte matches none of the keys.
            switch (b[line]) {
                case 'U' -> {
                    if (is(b, line, end, UID)) {
                        numbers(b, line + UID.length, end, ids);
                        t.uid = (int) ids[0]; t.euid = (int) ids[1]; t.suid = (int) ids[2];
                    }
                }
                case 'G' -> {
                    if (is(b, line, end, GID)) {
                        numbers(b, line + GID.length, end, ids);
                        t.gid = (int) ids[0]; t.egid = (int) ids[1]; t.sgid = (int) ids[2];
                    }
                }
                case 'C' -> {
                    if (is(b, line, end, CAP_PRM)) t.capPrm = hex(b, line + CAP_PRM.length, end);
                    else if (is(b, line, end, CAP_EFF)) t.capEff = hex(b, line + CAP_EFF.length, end);
                }
                case 'R' -> {
                    if (is(b, line, end, RSS_ANON)) t.rssAnon = first(b, line + RSS_ANON.length, end) * 1024;
                    else if (is(b, line, end, RSS_FILE)) t.rssFile = first(b, line + RSS_FILE.length, end) * 1024;
                    else if (is(b, line, end, RSS_SHMEM)) t.rssShmem = first(b, line + RSS_SHMEM.length, end) * 1024;
                }
                case 'v' -> {
                    if (is(b, line, end, VOLUNTARY)) t.nvcsw = first(b, line + VOLUNTARY.length, end);
                }
                case 'n' -> {
                    if (is(b, line, end, NONVOLUNTARY)) t.nivcsw = first(b, line + NONVOLUNTARY.length, end);
                }
                default -> { }
            }
            line = end + 1;
        }
        // The exact sum ps and top show as VmRSS, where stat's rss is the counters' central value
        // (6.2 and later keep them per CPU); without an address space there are no Rss lines.
        if (t.rssAnon >= 0 && t.rssFile >= 0 && t.rssShmem >= 0) t.rss = t.rssAnon + t.rssFile + t.rssShmem;
    }

    private static byte[] key(String name) { return (name + ":").getBytes(StandardCharsets.US_ASCII); }

    private static boolean is(byte[] b, int from, int to, byte[] key) {
        if (to - from < key.length) return false;
        for (int i = 0; i < key.length; i++) if (b[from + i] != key[i]) return false;
        return true;
    }

    /** Whitespace-separated decimals from {@code from} up to {@code to}, into {@code out}. */
    private static void numbers(byte[] b, int from, int to, long[] out) {
        int i = from;
        for (int k = 0; k < out.length; k++) {
            while (i < to && (b[i] == ' ' || b[i] == '\t')) i++;
            int end = i;
            while (end < to && b[end] != ' ' && b[end] != '\t') end++;
            out[k] = StatParser.number(b, i, end);
            i = end;
        }
    }

    private static long first(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) from++;
        int end = from;
        while (end < to && b[end] != ' ' && b[end] != '\t') end++;
        return StatParser.number(b, from, end);
    }

    private static long hex(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) from++;
        long v = 0;
        for (int i = from; i < to && b[i] != ' ' && b[i] != '\t'; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) throw new NumberFormatException(new String(b, from, to - from, StandardCharsets.US_ASCII));
            v = v << 4 | d;
        }
        return v;
    }
}
