package dev.bpftop.collect;

import java.nio.charset.StandardCharsets;

/** /proc/PID/cgroup: one "hierarchy:controllers:path" line per hierarchy, "0::/a/b" for v2. */
public final class ProcCgroupParser {
    private ProcCgroupParser() {}

    /** The v2 path in the file's text (its "0::/a/b" line); null when there is none. */
    public static String v2Path(byte[] cgroup, int n) {
        for (int line = 0; line < n; ) {
            int end = line;
            while (end < n && cgroup[end] != '\n') end++;
            if (end - line >= 3 && cgroup[line] == '0' && cgroup[line + 1] == ':' && cgroup[line + 2] == ':') {
                return new String(cgroup, line + 3, end - line - 3, StandardCharsets.UTF_8);
            }
            line = end + 1;
        }
        return null;
    }
}
