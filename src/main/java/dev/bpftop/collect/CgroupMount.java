package dev.bpftop.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the cgroup v2 hierarchy is mounted, read from /proc/self/mountinfo: /sys/fs/cgroup on a
 * pure v2 host, /sys/fs/cgroup/unified on a hybrid one, absent on a v1-only host.
 */
public final class CgroupMount {
    private static volatile Optional<Path> cached;

    private CgroupMount() {}

    public static Optional<Path> v2() {
        Optional<Path> c = cached;
        if (c == null) cached = c = find(Path.of("/proc/self/mountinfo"));
        return c;
    }

    static Optional<Path> find(Path mountinfo) {
        try {
            for (String line : Files.readAllLines(mountinfo)) {
                // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
                int dash = line.indexOf(" - ");
                if (dash < 0) continue;
                String[] after = line.substring(dash + 3).split(" ");
                if (after.length > 0 && after[0].equals("cgroup2")) {
                    String[] before = line.substring(0, dash).split(" ");
                    return Optional.of(Path.of(unescape(before[4])));
                }
            }
        } catch (IOException e) {
            // no mountinfo: no v2
        }
        return Optional.empty();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The directory of a cgroup given its path relative to the mount ("/system.slice/x.service"). */
    public static Optional<Path> resolve(String cgroupPath) {
        return v2().map(root -> cgroupPath == null || cgroupPath.equals("/") ? root : root.resolve(cgroupPath.substring(1)));
    }
}
