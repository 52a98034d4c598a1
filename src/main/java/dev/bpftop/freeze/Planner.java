package dev.bpftop.freeze;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.cgroup.CgroupException;
import dev.bpftop.cgroup.CgroupLookup;
import dev.bpftop.cgroup.Freezer;
import dev.bpftop.cgroup.Guard;
import dev.bpftop.cgroup.Pids;
import dev.bpftop.enrich.ContainerPath;
import dev.bpftop.enrich.ContainerRef;
import dev.bpftop.enrich.SystemdPath;
import dev.bpftop.freeze.FreezeCommand.Target;
import dev.bpftop.freeze.FreezeCommand.Verb;
import dev.bpftop.freeze.Plan.Action;
import dev.bpftop.freeze.Plan.Member;
import dev.bpftop.freeze.Plan.Step;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a statement into a plan, reading only: targets come from SQL over {@code processes} or
 * from cgroupfs, and every safety refusal happens here, before anything changes.
 */
final class Planner {
    private static final String QUERY = "SELECT pid, cgroup, kernel_thread FROM processes WHERE ";

    private final Session session;
    private final CgroupLookup paths;
    private final Guard guard;
    private final CgroupDir thawAllScope;

    Planner(Session session, CgroupLookup paths, Guard guard, CgroupDir thawAllScope) {
        this.session = session;
        this.paths = paths;
        this.guard = guard;
        this.thawAllScope = thawAllScope;
    }

    Plan plan(FreezeCommand cmd) throws SqlError {
        try {
            List<Step> steps = cmd.verb() == Verb.FREEZE ? freeze(cmd) : thaw(cmd);
            return new Plan(cmd.verb(), steps);
        } catch (CgroupException e) {
            throw new SqlError(Sanitizer.forTerminal(e.getMessage()), cmd.line(), cmd.column());
        } catch (IOException e) {
            throw new SqlError("cannot read the cgroup hierarchy: " + Sanitizer.forTerminal(e.getMessage()), cmd.line(), cmd.column());
        }
    }

    private List<Step> freeze(FreezeCommand cmd) throws SqlError, CgroupException, IOException {
        return switch (cmd.target()) {
            case CGROUP -> List.of(freezeStep(paths.resolve(cmd.argument()), null));
            case PID -> List.of(freezePid(cmd.pid()));
            case UNIT, CONTAINER, WHERE -> {
                List<Step> steps = new ArrayList<>();
                for (Matched m : outermost(cgroupsOf(matching(cmd), cmd.target()))) steps.add(freezeStep(m.cgroup(), m.matchedPid()));
                yield steps;
            }
            case ALL -> throw new CgroupException("FREEZE ALL is not allowed");
        };
    }

    private Step freezeStep(CgroupDir c, Long matchedPid) throws CgroupException, IOException {
        if (c.isRoot()) {
            throw new CgroupException("refusing to freeze the root cgroup: it holds every process"
                    + (matchedPid != null ? " (pid " + matchedPid + " matched; FREEZE PID " + matchedPid + " isolates it)" : ""));
        }
        guard.checkCgroup(c);
        writable(c);
        return new Step(c, Action.FREEZE, members(c.allProcs()), null, null);
    }

    /** A process alone in its cgroup freezes that cgroup; one sharing it (or in the root) is moved to a helper first. */
    private Step freezePid(long pid) throws CgroupException, IOException {
        CgroupDir c = cgroupOfLive(pid);
        if (Pids.isKernelThread(pid)) {
            throw new CgroupException("refusing to freeze pid " + pid + " (" + comm(pid) + "): it is a kernel thread, which the cgroup freezer cannot stop");
        }
        guard.checkPid(pid);
        List<Long> procs = c.allProcs();
        if (!c.isRoot() && procs.equals(List.of(pid))) return freezeStep(c, pid);
        CgroupDir helper = Freezer.helperFor(pid, Freezer.nearestWritable(c));
        if (Files.exists(helper.dir())) {
            throw new CgroupException("helper cgroup " + Sanitizer.forTerminal(helper.path()) + " already exists: THAW CGROUP '" + helper.path() + "' first");
        }
        String note = c.isRoot() ? "the root cgroup" : "shared with " + (procs.size() - 1) + (procs.size() == 2 ? " other process" : " other processes");
        return new Step(helper, Action.ISOLATE_AND_FREEZE, members(List.of(pid)), c, note);
    }

    private List<Step> thaw(FreezeCommand cmd) throws SqlError, CgroupException, IOException {
        List<Step> steps = new ArrayList<>();
        switch (cmd.target()) {
            case CGROUP -> {
                CgroupDir c = paths.resolve(cmd.argument());
                if (c.isRoot()) throw new CgroupException("the root cgroup cannot be frozen, so there is nothing to thaw");
                steps.add(thawStep(c));
            }
            case ALL -> {
                for (CgroupDir c : thawAllScope.subtree()) if (!c.isRoot() && c.freezeRequested()) steps.add(thawStep(c));
            }
            case PID -> {
                long pid = cmd.pid();
                CgroupDir holder = frozenHolder(cgroupOfLive(pid))
                        .orElseThrow(() -> new CgroupException("pid " + pid + " (" + comm(pid) + ") is not frozen"));
                steps.add(thawStep(holder));
            }
            case UNIT, CONTAINER, WHERE -> {
                Set<String> seen = new LinkedHashSet<>();
                List<Match> matches = matching(cmd);
                for (Match m : matches) {
                    if (m.cgroup() == null) continue;
                    Optional<CgroupDir> holder = frozenHolder(paths.of(m.cgroup()));
                    if (holder.isPresent() && seen.add(holder.get().path())) steps.add(thawStep(holder.get()));
                }
                if (steps.isEmpty()) throw new CgroupException("none of the " + matches.size() + " matching processes is frozen");
            }
        }
        return steps;
    }

    private Step thawStep(CgroupDir c) throws CgroupException, IOException {
        writable(c);
        boolean helper = Freezer.isHelper(c);
        return new Step(c, helper ? Action.THAW_AND_RESTORE : Action.THAW, members(c.allProcs()), helper ? c.parent().parent() : null, null);
    }

    /** The cgroup whose cgroup.freeze keeps {@code c} frozen: itself or its nearest frozen ancestor. */
    private static Optional<CgroupDir> frozenHolder(CgroupDir c) throws IOException {
        for (CgroupDir a = c; !a.isRoot(); a = a.parent()) if (a.freezeRequested()) return Optional.of(a);
        return Optional.empty();
    }

    private CgroupDir cgroupOfLive(long pid) throws CgroupException {
        if (!Pids.exists(pid)) throw new CgroupException("no such process: " + pid);
        String cg = Pids.cgroupOf(pid).orElseThrow(() -> new CgroupException("pid " + pid + " has no cgroup v2 membership (exited?)"));
        return paths.of(cg);
    }

    /** A process the statement's SQL selected, with its cgroup as the snapshot saw it (null without cgroup v2). */
    private record Match(long pid, String cgroup) {}

    /** The processes the statement's SQL selects; Calcite's error positions are mapped back onto the statement. */
    private List<Match> matching(FreezeCommand cmd) throws SqlError, CgroupException {
        String predicate = switch (cmd.target()) {
            case UNIT -> "unit = " + literal(cmd.argument());
            case CONTAINER -> "container_name = " + literal(cmd.argument()) + " OR container_id = " + literal(cmd.argument())
                    + (cmd.argument().matches("[0-9a-f]{12,63}") ? " OR POSITION(" + literal(cmd.argument()) + " IN container_id) = 1" : "");
            default -> cmd.argument();
        };
        QueryResult r;
        try {
            r = session.execute(QUERY + "(" + predicate + ")");
        } catch (SqlError e) {
            if (e.line() == 0 || cmd.target() != Target.WHERE) throw new SqlError(e.getMessage(), cmd.line(), cmd.column());
            if (e.line() == 1) throw new SqlError(e.getMessage(), cmd.line(), cmd.column() + e.column() - QUERY.length() - 2);
            throw new SqlError(e.getMessage(), cmd.line() + e.line() - 1, e.column());
        }
        List<Match> out = new ArrayList<>();
        for (Object[] row : r.rows()) {
            long pid = ((Number) row[0]).longValue();
            if (cmd.verb() == Verb.FREEZE && Boolean.TRUE.equals(row[2])) {
                throw new CgroupException("refusing: pid " + pid + " (" + comm(pid) + ") is a kernel thread, which the cgroup freezer cannot stop"
                        + " (add AND NOT kernel_thread)");
            }
            out.add(new Match(pid, (String) row[1]));
        }
        if (out.isEmpty()) {
            throw new CgroupException("no process matches " + (cmd.target() == Target.WHERE ? "the condition" : cmd.target()
                    + " '" + Sanitizer.forTerminal(cmd.argument()) + "'") + ": nothing to " + cmd.verb().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private record Matched(CgroupDir cgroup, long matchedPid) {}

    /**
     * The distinct cgroups of the matches, each with the first pid that led to it (for messages).
     * A unit or container is frozen whole: a match in a cgroup nested inside it stands for the
     * unit's or container's own cgroup, so processes it starts in other sub-cgroups freeze too.
     */
    private List<Matched> cgroupsOf(List<Match> matches, Target target) {
        List<Matched> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Match m : matches) {
            if (m.cgroup() == null) continue;
            String path = switch (target) {
                case UNIT -> unitRoot(m.cgroup());
                case CONTAINER -> {
                    ContainerRef ref = ContainerPath.parse(m.cgroup());
                    yield ref != null ? ref.cgroup() : m.cgroup();
                }
                default -> m.cgroup();
            };
            if (seen.add(path)) out.add(new Matched(paths.of(path), m.pid()));
        }
        return out;
    }

    /** The outermost cgroup that still belongs to the same unit as {@code path}. */
    private static String unitRoot(String path) {
        String unit = SystemdPath.unit(path);
        String top = path;
        for (String p = parentOf(path); unit != null && p != null && unit.equals(SystemdPath.unit(p)); p = parentOf(p)) top = p;
        return top;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? (path.equals("/") ? null : "/") : path.substring(0, slash);
    }

    /** Freezing a cgroup freezes its descendants: drop targets already inside another target. */
    private static List<Matched> outermost(List<Matched> all) {
        List<Matched> out = new ArrayList<>();
        for (Matched m : all) {
            boolean inside = all.stream().anyMatch(o -> o != m && o.cgroup().contains(m.cgroup().path()));
            if (!inside) out.add(m);
        }
        return out;
    }

    private static List<Member> members(List<Long> pids) {
        List<Member> out = new ArrayList<>();
        for (long pid : pids.stream().sorted().toList()) out.add(new Member(pid, Pids.comm(pid)));
        return out;
    }

    private static void writable(CgroupDir c) throws CgroupException {
        if (!Files.isWritable(c.dir().resolve("cgroup.freeze"))) throw Freezer.denied(c.dir().resolve("cgroup.freeze"), "write", false);
    }

    private static String comm(long pid) { return Sanitizer.forTerminal(Pids.comm(pid)); }

    private static String literal(String s) { return "'" + s.replace("'", "''") + "'"; }
}
