package dev.bpftop.live;

import dev.bpftop.cgroup.CgroupLookup;
import dev.bpftop.cgroup.Pids;
import dev.bpftop.freeze.Confirmation;
import dev.bpftop.freeze.FreezeStatement;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The f/u/U keys: FREEZE PID and THAW PID of the selected process, through the FREEZE statement's
 * own planner and safety refusals. The dialog shows its plan (a dry run) with every affected pid;
 * Enter runs the statement for real.
 */
final class FreezeActions {
    /** A statement and the lines of its plan, as the dialog shows them. */
    record Proposal(String statement, String title, List<String> lines, int processes) {}

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final Session session;
    private final Map<Integer, Boolean> frozenByPid = new HashMap<>();

    FreezeActions(Session session) { this.session = session; }

    /** Plans FREEZE PID or THAW PID without changing anything; refusals come back as the SqlError. */
    Proposal propose(boolean freeze, int pid) throws SqlError {
        String statement = (freeze ? "FREEZE PID " : "THAW PID ") + pid;
        QueryResult plan = new FreezeStatement(Confirmation.refuse(QUIET), true).execute(statement, session);
        // rows: cgroup, action, pid, comm; grouped by cgroup in plan order
        List<String> lines = new ArrayList<>();
        String cgroup = null;
        int processes = 0;
        for (Object[] row : plan.rows()) {
            if (!row[0].equals(cgroup)) {
                cgroup = (String) row[0];
                lines.add(Sanitizer.forTerminal(cgroup) + ": " + row[1]);
            }
            if (row[2] != null) {
                lines.add(String.format("  %8d  %s", ((Number) row[2]).longValue(), Sanitizer.forTerminal((String) row[3])));
                processes++;
            }
        }
        String title = (freeze ? "Freeze " : "Thaw ") + pid + " " + Sanitizer.forTerminal(Pids.comm(pid)) + ": "
                + processes + (processes == 1 ? " process" : " processes") + " affected";
        return new Proposal(statement, title, lines, processes);
    }

    /** Runs the statement; the message says what happened, per cgroup. */
    String apply(String statement) throws SqlError {
        QueryResult done = new FreezeStatement(Confirmation.assumeYes(QUIET), false).execute(statement, session);
        frozenByPid.clear();
        List<String> parts = new ArrayList<>();
        for (Object[] row : done.rows()) parts.add(Sanitizer.forTerminal(row[0] + " " + row[3]));
        return statement.split(" ")[0].toLowerCase(java.util.Locale.ROOT) + ": " + String.join("; ", parts);
    }

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
