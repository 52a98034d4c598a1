package dev.bpftop.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-process facts only /proc links give (exe, cwd, root). Read on demand, one readlink each,
 * and only for rows whose column a query projects.
 */
public final class ProcessFiles {
    private ProcessFiles() {}

    public static String link(int pid, String name) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), name)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** False when the executable was deleted or replaced since the process started. */
    public static Boolean exeOnDisk(int pid) {
        String exe = link(pid, "exe");
        if (exe == null) return null;
        return !exe.endsWith(" (deleted)");
    }

    /** "pts/3", "tty1", "ttyS0"… from the kernel's encoded tty_nr; null for none. */
    public static String ttyName(int ttyNr) {
        if (ttyNr == 0) return null;
        int major = (ttyNr >> 8) & 0xfff;
        int minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
        if (major >= 136 && major <= 143) return "pts/" + ((major - 136) * 256 + minor);
        if (major == 4) return minor < 64 ? "tty" + minor : "ttyS" + (minor - 64);
        if (major == 5 && minor == 0) return "tty";
        if (major == 5 && minor == 1) return "console";
        return major + ":" + minor;
    }
}
