package dev.bpftop.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** uid → user name, as one reading of a passwd file gave them; unknown uids show as their number, as ps does. */
public final class UserNames {
    static final UserNames NONE = new UserNames(Map.of());

    private final Map<Integer, String> byUid;

    private UserNames(Map<Integer, String> byUid) { this.byUid = byUid; }

    public String of(int uid) {
        String n = byUid.get(uid);
        return n != null ? n : Integer.toString(uid);
    }

    /** Whether {@code user} is what {@link #of} shows for some uid: a name in the file, or a number as unnamed uids show. */
    public boolean knows(String user) {
        if (user.matches("\\d{1,10}")) return true;
        return byUid.containsValue(user);
    }

    static UserNames read(Path passwd) {
        Map<Integer, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(passwd)) {
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
            // unreadable: numbers only
        }
        return new UserNames(Map.copyOf(m));
    }
}
