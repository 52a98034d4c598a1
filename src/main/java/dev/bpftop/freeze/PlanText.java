package dev.bpftop.freeze;

import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.Plan;
import dev.bpftop.sql.Plan.Member;
import dev.bpftop.sql.Plan.Step;
import java.util.ArrayList;
import java.util.List;

/** A FREEZE/THAW plan as text for a terminal, every name sanitized. */
public final class PlanText {
    private PlanText() {}

    /** The plan as the shell and the one-liner show it before asking. */
    public static List<String> lines(Plan plan) {
        List<String> out = new ArrayList<>();
        int n = plan.processes();
        int cgroups = plan.steps().size();
        out.add(plan.verb() + " plan: " + cgroups + (cgroups == 1 ? " cgroup, " : " cgroups, ") + n + (n == 1 ? " process" : " processes"));
        for (Step s : plan.steps()) {
            out.add("  " + Sanitizer.forTerminal(s.cgroup().path()) + ": " + sentence(s));
            for (Member m : s.members()) out.add("  " + member(m));
            if (s.members().isEmpty()) out.add("    (no processes)");
        }
        for (var h : plan.handles().emptyHelpers()) out.add("  " + Sanitizer.forTerminal(h.path()) + ": remove (empty helper cgroup, its process is gone)");
        return out;
    }

    /** The plan as the live view's dialog shows it: each cgroup with its action, then its processes. */
    public static List<String> brief(Plan plan) {
        List<String> out = new ArrayList<>();
        for (Step s : plan.steps()) {
            out.add(Sanitizer.forTerminal(s.cgroup().path()) + ": " + s.action().label());
            for (Member m : s.members()) out.add(member(m));
        }
        return out;
    }

    private static String member(Member m) {
        return String.format("  %8d  %s", m.pid(), Sanitizer.forTerminal(m.comm()));
    }

    private static String sentence(Step s) {
        return switch (s.action()) {
            case FREEZE -> "freeze";
            case THAW -> "thaw";
            case ISOLATE_AND_FREEZE -> "new cgroup: move pid " + s.members().getFirst().pid() + " out of "
                    + Sanitizer.forTerminal(s.origin().path()) + " (" + s.note() + ") into it, then freeze it";
            case THAW_AND_RESTORE -> "thaw, " + (s.origin() != null ? "move its processes back to " + Sanitizer.forTerminal(s.origin().path()) + ", " : "")
                    + "remove this helper cgroup" + (s.note() != null ? " (" + s.note() + ")" : "");
        };
    }
}
