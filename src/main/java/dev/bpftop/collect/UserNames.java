package dev.bpftop.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** uid → user name from /etc/passwd, read once; unknown uids show as their number, as ps does. */
public final class UserNames {
    private static volatile Map<Integer, String> names;

    private UserNames() {}

    public static String of(int uid) {
        Map<Integer, String> m = names;
        if (m == null) names = m = load();
        String n = m.get(uid);
        return n != null ? n : Integer.toString(uid);
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2) {
                    try {
                        m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // a malformed line names nobody
                    }
                }
            }
        } catch (IOException e) {
            // no passwd: numbers only
        }
        return m;
    }
}
