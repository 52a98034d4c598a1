package dev.bpftop.sql;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.sql.Statement.Verb;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * What a FREEZE or THAW will do, made from the statement's own snapshot before anything changes:
 * each cgroup and every process in it. The plan a person saw is the plan that is applied.
 */
public record Plan(Verb verb, List<Step> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }

    public enum Action {
        FREEZE("freeze"),
        ISOLATE_AND_FREEZE("move into new cgroup, freeze"),
        THAW("thaw"),
        THAW_AND_RESTORE("thaw, move back, remove");

        private final String label;

        Action(String label) { this.label = label; }

        public String label() { return label; }
    }

    /**
     * A process as the plan saw it: pid and start time (a pid alone may be reused), comm (raw, set by
     * the process itself; sanitized when shown) and its cgroup: as the statement's snapshot saw it,
     * and for a process to be moved into a helper, the cgroup it is moved out of, read at planning.
     * Which processes a step lists is read from cgroupfs at planning; one the snapshot did not see
     * (started since) has {@code startNs} {@link dev.bpftop.collect.Task#UNKNOWN} and no cgroup.
     */
    public record Member(long pid, long startNs, String comm, String cgroup) {}

    /**
     * One cgroup to act on. For ISOLATE_AND_FREEZE, {@code cgroup} is the helper to create and
     * {@code origin} where the process is now; for THAW_AND_RESTORE, {@code origin} is the fallback
     * if the helper carries no record of where the process came from.
     */
    public record Step(CgroupDir cgroup, Action action, List<Member> members, CgroupDir origin, String note) {
        public Step {
            members = List.copyOf(members);
        }
    }

    public boolean isEmpty() { return steps.isEmpty(); }

    /** How many processes the plan reaches. */
    public int processes() { return steps.stream().mapToInt(s -> s.members().size()).sum(); }

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
