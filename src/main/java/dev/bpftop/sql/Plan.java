package dev.bpftop.sql;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.cgroup.CgroupFd;
import dev.bpftop.cgroup.PidFd;
import dev.bpftop.sql.Statement.Verb;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a FREEZE or THAW will do, made from the statement's own snapshot before anything changes:
 * each cgroup and every process in it. The plan a person saw is the plan that is applied.
 */
public record Plan(Verb verb, List<Step> steps, Handles handles) {

    public Plan {
        steps = List.copyOf(steps);
    }

    public Plan(Verb verb, List<Step> steps) { this(verb, steps, Handles.NONE); }

    /**
     * What pins the plan to what it saw, taken at planning: a pidfd per process a step is for
     * (that very process, whatever later gets its pid) and a directory descriptor per cgroup to
     * act on (that very cgroup, whatever later gets its path). Helpers left empty by a process
     * that is gone are removed along with the plan.
     */
    public record Handles(Map<Long, PidFd> pidfds, Map<String, CgroupFd> cgroups, List<CgroupDir> emptyHelpers) {
        public static final Handles NONE = new Handles(Map.of(), Map.of(), List.of());

        public Handles {
            pidfds = Map.copyOf(pidfds);
            cgroups = Map.copyOf(cgroups);
            emptyHelpers = List.copyOf(emptyHelpers);
        }
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
     * {@code origin} where the process is now; for THAW_AND_RESTORE, {@code origin} is where the
     * helper records its process came from (null when it records nothing). {@code subject} is the
     * process a FREEZE PID step is for: applying re-checks it is still that process, there.
     */
    public record Step(CgroupDir cgroup, Action action, List<Member> members, CgroupDir origin, String note, Member subject) {
        public Step {
            members = List.copyOf(members);
        }

        public Step(CgroupDir cgroup, Action action, List<Member> members, CgroupDir origin, String note) {
            this(cgroup, action, members, origin, note, null);
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
