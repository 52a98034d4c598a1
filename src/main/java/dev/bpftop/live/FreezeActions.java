package dev.bpftop.live;

import dev.bpftop.cgroup.CgroupLookup;
import dev.bpftop.cgroup.Pids;
import dev.bpftop.freeze.PlanRunner;
import dev.bpftop.freeze.PlanText;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Plan;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The f/u/U keys: FREEZE PID and THAW PID of the selected process. The Session plans the statement
 * (every refusal of FREEZE holds there); the dialog shows that plan with every affected pid, and
 * Enter applies exactly that plan, never a new one.
 */
final class FreezeActions {
    /** A plan and how the dialog shows it. */
    record Proposal(Plan plan, String title, List<String> lines) {
        String verb() { return plan.verb().name().toLowerCase(Locale.ROOT); }
    }

    /** Something the keys do that ends in a message or a refusal. */
    @FunctionalInterface
    interface Act {
        String run() throws SqlError;
    }

    private final Session session;
    /** The dialog was the question: the runner only applies. */
    private final PlanRunner runner;
    private final Map<Integer, Boolean> frozenByPid = new HashMap<>();

    FreezeActions(Session session) {
        this.session = session;
        this.runner = new PlanRunner(plan -> true, false, session.source()::cgroupsMoved);
    }

    /** Plans FREEZE PID or THAW PID without changing anything; refusals come back as the SqlError. */
    Proposal propose(boolean freeze, int pid) throws SqlError {
        Plan plan = session.plan(freeze ? Statement.Freeze.pid(pid) : Statement.Thaw.pid(pid), new Cancel());
        String comm = plan.steps().stream().flatMap(s -> s.members().stream()).filter(m -> m.pid() == pid)
                .map(Plan.Member::comm).findFirst().orElse("?");
        int n = plan.processes();
        String title = (freeze ? "Freeze " : "Thaw ") + pid + " " + Sanitizer.forTerminal(comm) + ": " + n + (n == 1 ? " process" : " processes")
                + " affected";
        return new Proposal(plan, title, PlanText.brief(plan));
    }

    /** Applies the proposal's plan; the message says what happened, per cgroup (names as they are: the view sanitizes it). */
    String apply(Proposal proposal) throws SqlError {
        QueryResult done = runner.apply(proposal.plan());
        frozenByPid.clear();
        List<String> parts = new ArrayList<>();
        for (Object[] row : done.rows()) parts.add(row[0] + " " + row[3]);
        return proposal.verb() + ": " + String.join("; ", parts);
    }

    /** U: the THAW plan, applied at once. */
    String thawNow(int pid) throws SqlError { return apply(propose(false, pid)); }

    void newTick() { frozenByPid.clear(); }

    /**
     * Whether a process's cgroup is frozen, for a WATCH query without the frozen column: asked only
     * for the rows on screen, once per tick.
     */
    boolean frozen(int pid) {
        return frozenByPid.computeIfAbsent(pid, p -> {
            try {
                return Pids.cgroupOf(p).map(path -> lookup().of(path).frozen()).orElse(false);
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private CgroupLookup lookup;

    private CgroupLookup lookup() {
        if (lookup == null) {
            try {
                lookup = CgroupLookup.system();
            } catch (dev.bpftop.cgroup.CgroupException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }
        return lookup;
    }
}
