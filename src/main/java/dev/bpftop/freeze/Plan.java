package dev.bpftop.freeze;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.freeze.FreezeCommand.Verb;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.QueryResult;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** What a FREEZE or THAW will do, shown before anything changes: each cgroup and every process in it. */
public record Plan(Verb verb, List<Step> steps) {

    public enum Action {
        FREEZE("freeze"),
        ISOLATE_AND_FREEZE("move into new cgroup, freeze"),
        THAW("thaw"),
        THAW_AND_RESTORE("thaw, move back, remove");

        private final String label;

        Action(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** A process as the plan shows it; comm is raw (set by the process itself) and sanitized when printed. */
    public record Member(long pid, String comm) {}

    /**
     * One cgroup to act on. For ISOLATE_AND_FREEZE, {@code cgroup} is the helper to create and
     * {@code origin} where the process is now; for THAW_AND_RESTORE, {@code origin} is the fallback
     * if the helper carries no record of where the process came from.
     */
    public record Step(CgroupDir cgroup, Action action, List<Member> members, CgroupDir origin, String note) {}

    public boolean isEmpty() { return steps.isEmpty(); }

    /** The plan as text for a terminal, every name sanitized. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        int n = steps.stream().mapToInt(s -> s.members().size()).sum();
        out.add(verb + " plan: " + steps.size() + (steps.size() == 1 ? " cgroup, " : " cgroups, ") + n + (n == 1 ? " process" : " processes"));
        for (Step s : steps) {
            out.add("  " + Sanitizer.forTerminal(s.cgroup().path()) + ": " + sentence(s));
            for (Member m : s.members()) out.add(String.format("    %8d  %s", m.pid(), Sanitizer.forTerminal(m.comm())));
            if (s.members().isEmpty()) out.add("    (no processes)");
        }
        return out;
    }

    private static String sentence(Step s) {
        return switch (s.action()) {
            case FREEZE -> "freeze";
            case THAW -> "thaw";
            case ISOLATE_AND_FREEZE -> "new cgroup: move pid " + s.members().getFirst().pid() + " out of "
                    + Sanitizer.forTerminal(s.origin().path()) + " (" + s.note() + ") into it, then freeze it";
            case THAW_AND_RESTORE -> "thaw, move its processes back to where they came from, remove this helper cgroup";
        };
    }

    /** One row per process (or per empty cgroup), for --dry-run in any output format. */
    public QueryResult asResult() {
        List<Object[]> rows = new ArrayList<>();
        for (Step s : steps) {
            if (s.members().isEmpty()) rows.add(new Object[] {s.cgroup().path(), s.action().label(), null, null});
            for (Member m : s.members()) rows.add(new Object[] {s.cgroup().path(), s.action().label(), m.pid(), m.comm()});
        }
        return new QueryResult(List.of("cgroup", "action", "pid", "comm"), List.of(Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.VARCHAR),
                rows, new QueryResult.Timings(0, 0));
    }
}
