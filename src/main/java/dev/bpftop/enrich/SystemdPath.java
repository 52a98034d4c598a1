package dev.bpftop.enrich;

import java.util.List;

/**
 * The systemd unit and slice a cgroup belongs to, read from its path alone (no D-Bus): systemd
 * names every cgroup it makes after its unit, so "/user.slice/user-1000.slice/session-3.scope"
 * is unit session-3.scope in slice user-1000.slice.
 */
public final class SystemdPath {
    private static final List<String> UNIT_SUFFIXES = List.of(".service", ".scope", ".socket", ".mount", ".swap");

    private SystemdPath() {}

    /**
     * The innermost unit (so a service started by a user manager is named rather than
     * user@1000.service; a cgroup nested below a unit belongs to it), unescaped; null when none.
     */
    public static String unit(String path) {
        List<String> parts = CgroupPaths.components(path);
        for (int i = parts.size() - 1; i >= 0; i--) {
            String name = cgUnescape(parts.get(i));
            if (isUnit(name)) return unescape(name);
        }
        return null;
    }

    /** The innermost slice above the unit (or the innermost slice when no unit), unescaped; null when none. */
    public static String slice(String path) {
        List<String> parts = CgroupPaths.components(path);
        int end = parts.size();
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (isUnit(cgUnescape(parts.get(i)))) {
                end = i;
                break;
            }
        }
        for (int i = end - 1; i >= 0; i--) {
            String name = cgUnescape(parts.get(i));
            if (name.endsWith(".slice")) return unescape(name);
        }
        return null;
    }

    private static boolean isUnit(String name) {
        for (String suffix : UNIT_SUFFIXES) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) return true;
        }
        return false;
    }

    /** systemd prefixes a cgroup name with '_' when it would clash with a cgroupfs file ("cgroup.x", "_x"). */
    static String cgUnescape(String name) {
        return name.startsWith("_") ? name.substring(1) : name;
    }

    /** Unit names escape bytes as C-style hex ("foo\x2dbar" for "foo-bar"); shown readable here. */
    public static String unescape(String name) {
        if (name.indexOf('\\') < 0) return name;
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 3 < name.length() && name.charAt(i + 1) == 'x' && isHex(name.charAt(i + 2)) && isHex(name.charAt(i + 3))) {
                sb.append((char) Integer.parseInt(name.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
