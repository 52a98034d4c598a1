package dev.bpftop.enrich;

import java.util.ArrayList;
import java.util.List;

/** Splitting cgroup paths ("/a/b/c", relative to the v2 mount) into their components. */
final class CgroupPaths {
    private CgroupPaths() {}

    static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        if (path == null) return out;
        for (String s : path.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }

    /** The path made of the first n components. */
    static String prefix(List<String> parts, int n) {
        return "/" + String.join("/", parts.subList(0, n));
    }
}
