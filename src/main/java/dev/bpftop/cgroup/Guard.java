package dev.bpftop.cgroup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The processes that must never be frozen: bpftop itself and every ancestor (its shell, terminal,
 * sshd…; freezing one hangs the session that would have to type THAW) and PID 1. A cgroup is
 * refused when one of them lives in it or anywhere below it, since freezing is inherited.
 */
public final class Guard {
    private final long self;
    private final long init;

    /** {@code self} stands for bpftop, {@code init} for PID 1; tests pass real stand-in processes. */
    public Guard(long self, long init) {
        this.self = self;
        this.init = init;
    }

    public static Guard forThisProcess() { return new Guard(ProcessHandle.current().pid(), 1); }

    /** Each protected pid with why it is protected, read now (ancestors can change). */
    public Map<Long, String> protectedPids() {
        Map<Long, String> out = new LinkedHashMap<>();
        out.put(self, "bpftop itself");
        Optional<ProcessHandle> p = ProcessHandle.of(self).flatMap(ProcessHandle::parent);
        while (p.isPresent() && p.get().pid() > 0) {
            out.putIfAbsent(p.get().pid(), "an ancestor of bpftop (its shell or terminal)");
            p = p.get().parent();
        }
        out.put(init, init == 1 ? "PID 1 (init)" : "init");
        return out;
    }

    /** Refuses freezing {@code target} when a protected process would be frozen with it. */
    public void checkCgroup(CgroupDir target) throws CgroupException {
        for (Map.Entry<Long, String> e : protectedPids().entrySet()) {
            Optional<String> cg = Pids.cgroupOf(e.getKey());
            if (cg.isPresent() && target.contains(cg.get())) {
                throw new CgroupException("refusing to freeze " + target.path() + ": it holds " + who(e)
                        + (cg.get().equals(target.path()) ? "" : " (in " + cg.get() + ")")
                        + "; freezing it would hang " + (e.getValue().startsWith("PID 1") ? "the system" : "this terminal"));
            }
        }
    }

    /** Refuses freezing one process that is protected. */
    public void checkPid(long pid) throws CgroupException {
        String why = protectedPids().get(pid);
        if (why != null) throw new CgroupException("refusing to freeze pid " + pid + ": it is " + why);
    }

    private static String who(Map.Entry<Long, String> e) {
        return e.getValue() + ", pid " + e.getKey() + " (" + Pids.comm(e.getKey()) + ")";
    }
}
