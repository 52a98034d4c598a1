package dev.bpftop.freeze;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.cgroup.CgroupException;
import dev.bpftop.cgroup.CgroupLookup;
import dev.bpftop.cgroup.Freezer;
import dev.bpftop.sql.Plan;
import dev.bpftop.sql.Plan.Step;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.SqlError;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a front end does with a FREEZE/THAW plan the Session made: show it and change nothing
 * (--dry-run), or ask and then apply exactly that plan, reporting per cgroup.
 */
public final class PlanRunner {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Confirmation confirmation;
    private final boolean dryRun;
    private final Duration timeout;
    private final Runnable cgroupsMoved;

    /** @param cgroupsMoved told after every move, so the collector reads moved processes' cgroups afresh */
    public PlanRunner(Confirmation confirmation, boolean dryRun, Runnable cgroupsMoved) {
        this(confirmation, dryRun, DEFAULT_TIMEOUT, cgroupsMoved);
    }

    /** Tests wait less for a freeze that cannot land. */
    PlanRunner(Confirmation confirmation, boolean dryRun, Duration timeout, Runnable cgroupsMoved) {
        this.confirmation = confirmation;
        this.dryRun = dryRun;
        this.timeout = timeout;
        this.cgroupsMoved = cgroupsMoved;
    }

    /** The plan's rows for --dry-run (or when there is nothing to do); otherwise asks, then applies it. */
    public QueryResult settle(Plan plan) throws SqlError {
        if (dryRun || plan.isEmpty()) return plan.asResult();
        if (!confirmation.confirm(plan)) throw new SqlError(plan.verb() + " not confirmed: nothing changed", 0, 0);
        return apply(plan);
    }

    /**
     * Acts step by step, asking nothing (the live view asked in its dialog); a failed step does not
     * stop the others, and the failure is the statement's error.
     */
    public QueryResult apply(Plan plan) throws SqlError {
        Freezer freezer;
        try {
            freezer = new Freezer(CgroupLookup.system(), timeout, cgroupsMoved);
        } catch (CgroupException e) {
            throw new SqlError(e.getMessage(), 0, 0);
        }
        List<Object[]> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Step s : plan.steps()) {
            String outcome;
            try {
                outcome = act(s, freezer);
            } catch (CgroupException e) {
                outcome = "failed: " + e.getMessage();
                failures.add(s.cgroup().path() + ": " + e.getMessage());
            }
            rows.add(new Object[] {s.cgroup().path(), s.action().label(), s.members().size(), outcome});
        }
        if (!failures.isEmpty()) {
            int ok = plan.steps().size() - failures.size();
            throw new SqlError(plan.verb() + " failed for " + failures.size() + " of " + plan.steps().size() + " cgroups"
                    + (ok > 0 ? " (the other " + ok + " succeeded)" : "") + ": " + String.join("; ", failures), 0, 0);
        }
        return new QueryResult(List.of("cgroup", "action", "processes", "outcome"),
                List.of(Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.VARCHAR), rows, new QueryResult.Timings(0, 0));
    }

    private static String act(Step s, Freezer freezer) throws CgroupException {
        return switch (s.action()) {
            case FREEZE -> "frozen in " + freezer.freeze(s.cgroup()) + " ms";
            case ISOLATE_AND_FREEZE -> {
                CgroupDir helper = freezer.isolate(s.members().getFirst().pid(), s.origin(), s.cgroup());
                try {
                    yield "moved from " + s.origin().path() + ", frozen in " + freezer.freeze(helper) + " ms";
                } catch (CgroupException e) {
                    freezer.restore(helper, s.origin());
                    throw e;
                }
            }
            case THAW -> {
                String still = freezer.thaw(s.cgroup());
                yield still == null ? "thawed" : still;
            }
            case THAW_AND_RESTORE -> {
                String still = freezer.thaw(s.cgroup());
                CgroupDir back = freezer.restore(s.cgroup(), s.origin());
                yield (still == null ? "thawed" : still) + ", moved back to " + back.path() + ", helper removed";
            }
        };
    }
}
