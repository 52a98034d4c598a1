package dev.bpftop.freeze;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.cgroup.CgroupException;
import dev.bpftop.cgroup.CgroupLookup;
import dev.bpftop.cgroup.Freezer;
import dev.bpftop.cgroup.Guard;
import dev.bpftop.freeze.Plan.Step;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.StatementHandler;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * FREEZE and THAW: parse, plan (every refusal happens there), confirm, act, and report per cgroup.
 * Register on a session with {@code session.addHandler(new FreezeStatement(confirmation, dryRun))}.
 */
public final class FreezeStatement implements StatementHandler {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Confirmation confirmation;
    private final boolean dryRun;
    private final Guard guard;
    private final Duration timeout;
    private final String thawAllScope;

    public FreezeStatement(Confirmation confirmation, boolean dryRun) {
        this(confirmation, dryRun, Guard.forThisProcess(), DEFAULT_TIMEOUT, "/");
    }

    /** Tests choose who counts as bpftop and init, and keep THAW ALL inside their scratch cgroup. */
    FreezeStatement(Confirmation confirmation, boolean dryRun, Guard guard, Duration timeout, String thawAllScope) {
        this.confirmation = confirmation;
        this.dryRun = dryRun;
        this.guard = guard;
        this.timeout = timeout;
        this.thawAllScope = thawAllScope;
    }

    @Override
    public boolean accepts(String statement) { return FreezeParser.accepts(statement); }

    @Override
    public QueryResult execute(String statement, Session session) throws SqlError {
        FreezeCommand cmd = FreezeParser.parse(statement);
        CgroupLookup paths;
        try {
            paths = CgroupLookup.system();
        } catch (CgroupException e) {
            throw new SqlError(Sanitizer.forTerminal(e.getMessage()), 0, 0);
        }
        Plan plan = new Planner(session, paths, guard, paths.of(thawAllScope)).plan(cmd);
        if (dryRun || plan.isEmpty()) return plan.asResult();
        if (!confirmation.confirm(plan)) throw new SqlError(cmd.verb() + " not confirmed: nothing changed", 0, 0);
        return apply(plan, new Freezer(paths, timeout, session.source()::cgroupsMoved));
    }

    /** Acts step by step; a failed step does not stop the others, and the failure is the statement's error. */
    private static QueryResult apply(Plan plan, Freezer freezer) throws SqlError {
        List<Object[]> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Step s : plan.steps()) {
            String outcome;
            try {
                outcome = act(s, freezer);
            } catch (CgroupException e) {
                outcome = "failed: " + e.getMessage();
                failures.add(Sanitizer.forTerminal(s.cgroup().path() + ": " + e.getMessage()));
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
