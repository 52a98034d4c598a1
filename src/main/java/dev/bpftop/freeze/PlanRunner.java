package dev.bpftop.freeze;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.cgroup.CgroupException;
import dev.bpftop.cgroup.CgroupFd;
import dev.bpftop.cgroup.CgroupLookup;
import dev.bpftop.cgroup.Freezer;
import dev.bpftop.cgroup.Helpers;
import dev.bpftop.cgroup.ProcessCheck;
import dev.bpftop.cgroup.StopPoint;
import dev.bpftop.sql.Plan;
import dev.bpftop.sql.Plan.Member;
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
    private Authority authority = Authority.ANYONE;

    /** @param cgroupsMoved told after every move, so the collector reads moved processes' cgroups afresh */
    public PlanRunner(Confirmation confirmation, boolean dryRun, Runnable cgroupsMoved) {
        this(confirmation, dryRun, DEFAULT_TIMEOUT, cgroupsMoved);
    }

    /** Plans are applied only when {@code authority} permits them (asked before the confirmation). */
    public PlanRunner authority(Authority authority) {
        this.authority = authority;
        return this;
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
        authority.permit(plan);
        if (!confirmation.confirm(plan)) throw new SqlError(plan.verb() + " not confirmed: nothing changed", 0, 0);
        return apply(plan);
    }

    /**
     * Acts step by step, asking nothing (the live view asked in its dialog); a failed step does not
     * stop the others, and the failure is the statement's error. Each step acts on the cgroup the
     * plan opened, and a step made for one process first re-checks that it is still that process
     * (pidfd, start time, cgroup): one that changed is refused, and nothing changes for it.
     */
    public QueryResult apply(Plan plan) throws SqlError {
        Freezer freezer = new Freezer(timeout);
        Helpers helpers;
        try {
            helpers = new Helpers(CgroupLookup.system(), cgroupsMoved);
        } catch (CgroupException e) {
            throw new SqlError(e.getMessage(), 0, 0);
        }
        List<Object[]> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Step s : plan.steps()) {
            String outcome;
            try {
                outcome = act(s, plan.handles(), freezer, helpers);
            } catch (CgroupException e) {
                outcome = (e instanceof CgroupException.TargetChanged ? "refused: " : "failed: ") + e.getMessage();
                failures.add(s.cgroup().path() + ": " + e.getMessage());
            }
            rows.add(new Object[] {s.cgroup().path(), s.action().label(), s.members().size(), outcome});
        }
        for (CgroupDir h : plan.handles().emptyHelpers()) Helpers.removeIfEmpty(h); // its process is gone
        if (!failures.isEmpty()) {
            int ok = plan.steps().size() - failures.size();
            throw new SqlError(plan.verb() + " failed for " + failures.size() + " of " + plan.steps().size() + " cgroups"
                    + (ok > 0 ? " (the other " + ok + " succeeded)" : "") + ": " + String.join("; ", failures), 0, 0);
        }
        return new QueryResult(List.of("cgroup", "action", "processes", "outcome"),
                List.of(Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.VARCHAR), rows, new QueryResult.Timings(0, 0));
    }

    private static String act(Step s, Plan.Handles handles, Freezer freezer, Helpers helpers) throws CgroupException {
        return switch (s.action()) {
            case FREEZE -> {
                CgroupFd c = pinned(s, handles);
                unchanged(s.subject(), handles);
                long ms = freezer.freeze(c);
                try {
                    unchanged(s.subject(), handles);
                } catch (CgroupException e) {
                    freezer.thaw(c); // its process changed while it froze: the cgroup was frozen for it alone
                    throw e;
                }
                yield "frozen in " + ms + " ms";
            }
            case ISOLATE_AND_FREEZE -> {
                Member m = s.subject();
                CgroupFd helper = helpers.isolate(m.pid(), m.startNs(), handles.pidfds().get(m.pid()), s.origin(), s.cgroup());
                StopPoint.reached(StopPoint.MOVED);
                try {
                    yield "moved from " + s.origin().path() + ", frozen in " + freezer.freeze(helper) + " ms";
                } catch (CgroupException e) {
                    freezer.thaw(helper);
                    helpers.restore(helper);
                    throw e;
                }
            }
            case THAW -> {
                String still = freezer.thaw(pinned(s, handles));
                yield still == null ? "thawed" : still;
            }
            case THAW_AND_RESTORE -> {
                CgroupFd helper = pinned(s, handles);
                String still = freezer.thaw(helper);
                StopPoint.reached(StopPoint.THAWED);
                yield (still == null ? "thawed" : still) + ", " + helpers.restore(helper);
            }
        };
    }

    /** The cgroup the plan opened; one it could not open was gone already. */
    private static CgroupFd pinned(Step s, Plan.Handles handles) throws CgroupException {
        CgroupFd fd = handles.cgroups().get(s.cgroup().path());
        return fd != null ? fd : CgroupFd.require(s.cgroup());
    }

    private static void unchanged(Member subject, Plan.Handles handles) throws CgroupException {
        if (subject == null) return;
        var changed = ProcessCheck.changed(subject.pid(), subject.startNs(), handles.pidfds().get(subject.pid()), subject.cgroup());
        if (changed.isPresent()) throw new CgroupException.TargetChanged(changed.get() + ": not frozen");
    }
}
