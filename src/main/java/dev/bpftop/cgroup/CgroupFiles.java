package dev.bpftop.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a cgroup's interface files. Which files exist depends on the controllers enabled for the
 * cgroup (on a hybrid host v2 often has none), so every figure is null when its file is absent.
 */
public final class CgroupFiles {
    private CgroupFiles() {}

    /** cgroup.events: whether the cgroup (or an ancestor) froze it, and whether any task is inside. */
    public record Events(Boolean frozen, Boolean populated) {}

    /** Figures from cpu.stat, memory.*, pids.current, io.stat and the *.pressure files. */
    public record Stats(Long cpuUsageUsec, Long cpuUserUsec, Long cpuSystemUsec, Long nrThrottled, Long throttledUsec,
                        Long memoryCurrent, Long memoryPeak, Long memoryMax, Long pidsCurrent,
                        Long ioReadBytes, Long ioWriteBytes, Long ioReads, Long ioWrites,
                        Double cpuSomeAvg10, Double cpuSomeAvg60, Double memorySomeAvg10, Double memoryFullAvg10,
                        Double ioSomeAvg10, Double ioFullAvg10) {}

    public static Events events(Path dir) {
        Map<String, String> kv = keyValues(dir.resolve("cgroup.events"));
        if (kv == null) return new Events(null, null);
        return new Events(flag(kv.get("frozen")), flag(kv.get("populated")));
    }

    public static Stats stats(Path dir) {
        Map<String, String> cpu = orEmpty(keyValues(dir.resolve("cpu.stat")));
        long[] io = ioTotals(dir.resolve("io.stat"));
        Map<String, Double> cpuPsi = pressure(dir.resolve("cpu.pressure"));
        Map<String, Double> memPsi = pressure(dir.resolve("memory.pressure"));
        Map<String, Double> ioPsi = pressure(dir.resolve("io.pressure"));
        return new Stats(number(cpu.get("usage_usec")), number(cpu.get("user_usec")), number(cpu.get("system_usec")),
                number(cpu.get("nr_throttled")), number(cpu.get("throttled_usec")),
                single(dir.resolve("memory.current")), single(dir.resolve("memory.peak")), single(dir.resolve("memory.max")),
                single(dir.resolve("pids.current")),
                io == null ? null : io[0], io == null ? null : io[1], io == null ? null : io[2], io == null ? null : io[3],
                cpuPsi.get("some avg10"), cpuPsi.get("some avg60"), memPsi.get("some avg10"), memPsi.get("full avg10"),
                ioPsi.get("some avg10"), ioPsi.get("full avg10"));
    }

    /** "key value" lines (cpu.stat, cgroup.events); null when the file is absent. */
    static Map<String, String> keyValues(Path file) {
        String text = read(file);
        if (text == null) return null;
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) out.put(line.substring(0, sp), line.substring(sp + 1).trim());
        }
        return out;
    }

    /** io.stat has one line per device ("8:0 rbytes=1 wbytes=2 rios=3 wios=4 …"): totals of rbytes, wbytes, rios, wios. */
    static long[] ioTotals(Path file) {
        String text = read(file);
        if (text == null) return null;
        long[] sum = new long[4];
        for (String line : text.split("\n")) {
            for (String field : line.trim().split(" ")) {
                int eq = field.indexOf('=');
                if (eq < 0) continue;
                int slot = switch (field.substring(0, eq)) {
                    case "rbytes" -> 0;
                    case "wbytes" -> 1;
                    case "rios" -> 2;
                    case "wios" -> 3;
                    default -> -1;
                };
                Long v = number(field.substring(eq + 1));
                if (slot >= 0 && v != null) sum[slot] += v;
            }
        }
        return sum;
    }

    /** PSI lines ("some avg10=0.00 avg60=0.00 avg300=0.00 total=0") as "some avg10" → value. */
    static Map<String, Double> pressure(Path file) {
        Map<String, Double> out = new HashMap<>();
        String text = read(file);
        if (text == null) return out;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq < 0 || !f[i].startsWith("avg")) continue;
                try {
                    out.put(f[0] + " " + f[i].substring(0, eq), Double.parseDouble(f[i].substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // a field this kernel formats differently: leave it out
                }
            }
        }
        return out;
    }

    /** A file holding one number; "max" (no limit) and absence are null. */
    static Long single(Path file) {
        String text = read(file);
        return text == null ? null : number(text.trim());
    }

    private static Long number(String s) {
        if (s == null) return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean flag(String s) {
        return s == null ? null : s.equals("1");
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
