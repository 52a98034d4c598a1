package dev.bpftop.live;

import dev.bpftop.cgroup.CgroupMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the f/u/U keys do: freeze or thaw the cgroup v2 of the selected process through
 * cgroup.freeze, after showing every pid the change reaches (the cgroup and its descendants).
 */
final class CgroupFreezing {
    /** One affected process, as the dialog lists it. */
    record Member(int pid, String command) {}

    /** A freeze or thaw ready to apply; {@code refusal} non-null when it must not be applied. */
    record Plan(boolean freeze, String cgroup, Path dir, List<Member> members, String refusal) {}

    private final Map<String, Boolean> frozenCache = new HashMap<>();
    private final Map<Integer, String> cgroupCache = new HashMap<>();

    /** Plans freezing or thawing the cgroup at {@code cgroupPath} (relative to the v2 mount). */
    Plan plan(boolean freeze, String cgroupPath) {
        if (cgroupPath == null) return new Plan(freeze, "?", null, List.of(), "the process's cgroup is unknown");
        Path dir = CgroupMount.resolve(cgroupPath).orElse(null);
        if (dir == null) return new Plan(freeze, cgroupPath, null, List.of(), "no cgroup v2 mount");
        if (cgroupPath.equals("/")) return new Plan(freeze, cgroupPath, dir, List.of(), "refusing to freeze the root cgroup");
        if (!Files.exists(dir.resolve("cgroup.freeze"))) {
            return new Plan(freeze, cgroupPath, dir, List.of(), "this cgroup cannot be frozen (no cgroup.freeze)");
        }
        if (!freeze) {
            // A cgroup is frozen by its own cgroup.freeze or an ancestor's: thaw the one that froze it.
            Path root = CgroupMount.v2().orElseThrow();
            Path d = dir;
            while (d.startsWith(root) && !d.equals(root) && !readLines(d.resolve("cgroup.freeze")).equals(List.of("1"))) d = d.getParent();
            if (!d.startsWith(root) || d.equals(root)) return new Plan(false, cgroupPath, dir, List.of(), "not frozen");
            dir = d;
            cgroupPath = "/" + root.relativize(d);
        }
        List<Member> members = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path d : walk.filter(Files::isDirectory).toList()) {
                for (String line : readLines(d.resolve("cgroup.procs"))) {
                    int pid = Integer.parseInt(line.trim());
                    members.add(new Member(pid, command(pid)));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Plan(freeze, cgroupPath, dir, List.of(), "cannot read " + dir + ": " + e.getMessage());
        }
        long self = ProcessHandle.current().pid();
        String refusal = null;
        if (freeze) {
            for (Member m : members) {
                if (m.pid() == self) refusal = "refusing: bpftop itself runs in this cgroup";
                else if (m.pid() == 1) refusal = "refusing: pid 1 runs in this cgroup";
            }
        }
        return new Plan(freeze, cgroupPath, dir, List.copyOf(members), refusal);
    }

    /** @return null when done, else why not. */
    String apply(Plan plan) {
        if (plan.refusal() != null) return plan.refusal();
        try {
            Files.writeString(plan.dir().resolve("cgroup.freeze"), plan.freeze() ? "1" : "0");
            frozenCache.clear();
            return null;
        } catch (IOException e) {
            return "cannot write " + plan.dir().resolve("cgroup.freeze") + ": " + e.getMessage();
        }
    }

    /** Forgets cached states; called once a tick. */
    void newTick() {
        frozenCache.clear();
        cgroupCache.clear();
    }

    /**
     * The cgroup of a process: from the snapshot when it was collected, else read from /proc (a
     * WATCH that does not select cgroup columns skips them; the view asks only for rows on screen).
     */
    String cgroupOf(int pid, String known) {
        if (known != null) return known;
        return cgroupCache.computeIfAbsent(pid, p -> {
            for (String line : readLines(Path.of("/proc", Integer.toString(p), "cgroup"))) {
                if (line.startsWith("0::")) return line.substring(3);
            }
            return null;
        });
    }

    /** Whether the cgroup is frozen (its own or an ancestor's freeze), per cgroup.events; cached for the tick. */
    boolean frozen(String cgroupPath) {
        if (cgroupPath == null || cgroupPath.equals("/")) return false;
        return frozenCache.computeIfAbsent(cgroupPath, p -> {
            Path dir = CgroupMount.resolve(p).orElse(null);
            if (dir == null) return false;
            for (String line : readLines(dir.resolve("cgroup.events"))) {
                if (line.equals("frozen 1")) return true;
            }
            return false;
        });
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String command(int pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            String s = dev.bpftop.collect.ProcfsCollector.joinArgs(raw, raw.length);
            if (!s.isEmpty()) return s;
            return "[" + Files.readString(Path.of("/proc", Integer.toString(pid), "comm")).strip() + "]";
        } catch (IOException e) {
            return "?";
        }
    }
}
