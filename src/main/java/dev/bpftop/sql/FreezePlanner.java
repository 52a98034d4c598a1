package dev.bpftop.sql;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.cgroup.CgroupException;
import dev.bpftop.cgroup.CgroupFd;
import dev.bpftop.cgroup.CgroupLookup;
import dev.bpftop.cgroup.Freezer;
import dev.bpftop.cgroup.Guard;
import dev.bpftop.cgroup.Helpers;
import dev.bpftop.cgroup.PidFd;
import dev.bpftop.cgroup.Pids;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.collect.Task;
import dev.bpftop.enrich.ContainerPath;
import dev.bpftop.enrich.ContainerRef;
import dev.bpftop.enrich.SystemdPath;
import dev.bpftop.sql.Plan.Action;
import dev.bpftop.sql.Plan.Member;
import dev.bpftop.sql.Plan.Step;
import dev.bpftop.sql.Statement.Target;
import dev.bpftop.sql.Statement.Verb;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a FREEZE or THAW into a plan, reading only: the processes it names come from the
 * statement's snapshot (and cgroupfs), and every safety refusal happens here, before anything
 * changes. Messages carry names as they are; front ends make them safe when they print them.
 */
final class FreezePlanner {
    private final Snapshot snapshot;
    private final Map<Integer, Task> byPid = new HashMap<>();
    private final CgroupLookup paths;
    private final Guard guard;
    private final CgroupDir thawAllScope;

    FreezePlanner(Snapshot snapshot, CgroupLookup paths, Guard guard, CgroupDir thawAllScope) {
        this.snapshot = snapshot;
        for (Task t : snapshot.processes()) byPid.put(t.tgid, t);
        this.paths = paths;
        this.guard = guard;
        this.thawAllScope = thawAllScope;
    }

    /** @param selected for WHERE: the pids its condition selected from the snapshot, as Calcite returned them */
    Plan plan(Statement.Freezing cmd, List<Integer> selected) throws SqlError {
        try {
            List<Task> matched = switch (cmd.target()) {
                case UNIT, CONTAINER -> named(cmd.target(), cmd.argument());
                case WHERE -> selected.stream().map(byPid::get).filter(java.util.Objects::nonNull).toList();
                default -> List.of();
            };
            List<Step> steps = cmd.verb() == Verb.FREEZE ? freeze(cmd, matched) : thaw(cmd, matched);
            return new Plan(cmd.verb(), steps, handles(steps));
        } catch (CgroupException e) {
            throw new SqlError(e.getMessage(), cmd.line(), cmd.column());
        } catch (IOException e) {
            throw new SqlError("cannot read the cgroup hierarchy: " + e.getMessage(), cmd.line(), cmd.column());
        }
    }

    private List<Step> freeze(Statement.Freezing cmd, List<Task> matched) throws CgroupException, IOException {
        return switch (cmd.target()) {
            case CGROUP -> List.of(freezeStep(paths.resolve(cmd.argument()), List.of()));
            case PID -> List.of(freezePid(cmd.pid()));
            case UNIT, CONTAINER, WHERE -> {
                List<Step> steps = new ArrayList<>();
                for (Matched m : outermost(cgroupsOf(checked(cmd, matched), cmd.target()))) steps.add(freezeStep(m.cgroup(), m.pids()));
                yield steps;
            }
            case ALL -> throw new CgroupException("FREEZE ALL is not allowed");
        };
    }

    /** @param matched the pids that led to {@code c}, to suggest isolating one of them from the root cgroup */
    private Step freezeStep(CgroupDir c, List<Long> matched) throws CgroupException, IOException {
        if (c.isRoot()) throw new CgroupException("refusing to freeze the root cgroup: it holds every process" + isolationHint(matched));
        guard.checkCgroup(c);
        writable(c);
        return new Step(c, Action.FREEZE, members(c.allProcs()), null, null);
    }

    /** Suggests FREEZE PID only for a match it would not refuse (PID 1, bpftop and its ancestors, kernel threads). */
    private String isolationHint(List<Long> matched) {
        if (matched.isEmpty()) return "";
        var protectedPids = guard.protectedPids();
        for (long pid : matched) {
            if (!protectedPids.containsKey(pid) && !Pids.isKernelThread(pid)) {
                return " (pid " + pid + " matched; FREEZE PID " + pid + " isolates it)";
            }
        }
        long first = matched.getFirst();
        return " (it matched pid " + first + ", " + protectedPids.get(first) + ", which is never frozen: leave it out of the condition)";
    }

    /** A process alone in its cgroup freezes that cgroup; one sharing it (or in the root) is moved to a helper first. */
    private Step freezePid(long pid) throws CgroupException, IOException {
        CgroupDir c = cgroupOfLive(pid);
        if (Pids.isKernelThread(pid)) {
            throw new CgroupException("refusing to freeze pid " + pid + " (" + Pids.comm(pid) + "): it is a kernel thread, which the cgroup freezer cannot stop");
        }
        guard.checkPid(pid);
        List<Long> procs = c.allProcs();
        Member known = member(pid);
        // the process as it is now, whether or not the snapshot saw it: what applying checks against
        long startNs = known.startNs() != Task.UNKNOWN ? known.startNs() : Pids.startNs(pid).orElse(Task.UNKNOWN);
        Member subject = new Member(pid, startNs, known.comm(), c.path());
        if (!c.isRoot() && procs.equals(List.of(pid))) {
            Step s = freezeStep(c, List.of(pid));
            return new Step(s.cgroup(), s.action(), s.members(), null, null, subject);
        }
        CgroupDir helper = Helpers.helperFor(pid, Helpers.nearestWritable(c));
        if (helper.exists() && !helper.procs().isEmpty()) {
            throw new CgroupException("helper cgroup " + helper.path() + " already holds pids " + helper.procs() + ": THAW CGROUP '" + helper.path() + "' first");
        }
        String note = c.isRoot() ? "the root cgroup" : "shared with " + (procs.size() - 1) + (procs.size() == 2 ? " other process" : " other processes");
        return new Step(helper, Action.ISOLATE_AND_FREEZE, List.of(subject), c, note, subject);
    }

    private List<Step> thaw(Statement.Freezing cmd, List<Task> matched) throws CgroupException, IOException {
        List<Step> steps = new ArrayList<>();
        switch (cmd.target()) {
            case CGROUP -> {
                CgroupDir c = paths.resolve(cmd.argument());
                if (c.isRoot()) throw new CgroupException("the root cgroup cannot be frozen, so there is nothing to thaw");
                steps.add(thawStep(c));
            }
            case ALL -> {
                // helpers too when not frozen: bpftop died between moving a process and freezing it, or thawing and moving it back
                for (CgroupDir c : thawAllScope.subtree()) if (!c.isRoot() && (c.freezeRequested() || Helpers.isHelper(c))) steps.add(thawStep(c));
            }
            case PID -> {
                long pid = cmd.pid();
                CgroupDir now = cgroupOfLive(pid);
                CgroupDir holder = Helpers.isHelper(now) ? now : frozenHolder(now)
                        .orElseThrow(() -> new CgroupException("pid " + pid + " (" + Pids.comm(pid) + ") is not frozen and is in no bpftop helper cgroup"));
                steps.add(thawStep(holder));
            }
            case UNIT, CONTAINER, WHERE -> {
                Set<String> seen = new LinkedHashSet<>();
                List<Task> matches = checked(cmd, matched);
                for (Task m : matches) {
                    if (cgroupOf(m) == null) continue;
                    Optional<CgroupDir> holder = frozenHolder(paths.of(cgroupOf(m)));
                    if (holder.isPresent() && seen.add(holder.get().path())) steps.add(thawStep(holder.get()));
                }
                if (steps.isEmpty()) throw new CgroupException("none of the " + matches.size() + " matching processes is frozen");
            }
        }
        return steps;
    }

    private Step thawStep(CgroupDir c) throws CgroupException, IOException {
        writable(c);
        if (!Helpers.isHelper(c)) return new Step(c, Action.THAW, members(c.allProcs()), null, null);
        List<Member> members = members(c.allProcs());
        Optional<Helpers.Origin> origin = CgroupFd.open(c).flatMap(Helpers::origin);
        String note = members.isEmpty() ? "empty" : !c.freezeRequested() ? "stranded: not frozen" : null;
        if (origin.isEmpty() && !members.isEmpty()) note = "records no origin: its processes stay in it";
        return new Step(c, Action.THAW_AND_RESTORE, members, origin.map(o -> paths.of(o.cgroup())).orElse(null), note);
    }

    /**
     * Pins the plan to what it saw: a pidfd on each process a step is for, a descriptor on each
     * cgroup to act on; and the empty helpers anywhere in THAW ALL's scope, left by processes that are gone.
     */
    private Plan.Handles handles(List<Step> steps) {
        Map<Long, PidFd> pidfds = new HashMap<>();
        Map<String, CgroupFd> cgroups = new HashMap<>();
        Set<String> inSteps = new HashSet<>();
        for (Step s : steps) {
            inSteps.add(s.cgroup().path());
            if (s.subject() != null) PidFd.open(s.subject().pid()).ifPresent(fd -> pidfds.put(fd.pid(), fd));
            if (s.action() != Action.ISOLATE_AND_FREEZE) CgroupFd.open(s.cgroup()).ifPresent(fd -> cgroups.put(s.cgroup().path(), fd));
        }
        List<CgroupDir> empty = new ArrayList<>();
        for (CgroupDir h : Helpers.within(thawAllScope)) {
            try {
                if (!inSteps.contains(h.path()) && h.procs().isEmpty()) empty.add(h);
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return new Plan.Handles(pidfds, cgroups, empty);
    }

    /** The cgroup whose cgroup.freeze keeps {@code c} frozen: itself or its nearest frozen ancestor. */
    private static Optional<CgroupDir> frozenHolder(CgroupDir c) throws IOException {
        for (CgroupDir a = c; !a.isRoot(); a = a.parent()) if (a.freezeRequested()) return Optional.of(a);
        return Optional.empty();
    }

    /** Where the process is now: a pid is planned from its live cgroup, which a move since the snapshot changes. */
    private CgroupDir cgroupOfLive(long pid) throws CgroupException {
        if (!Pids.exists(pid)) throw new CgroupException("no such process: " + pid);
        String cg = Pids.cgroupOf(pid).orElseThrow(() -> new CgroupException("pid " + pid + " has no cgroup v2 membership (exited?)"));
        return paths.of(cg);
    }

    /**
     * The processes of a unit or container, read through the same column declarations SQL reads
     * ({@code unit}, {@code container_name}, {@code container_id}); an id prefix of 12 or more hex
     * digits names a container too.
     */
    private List<Task> named(Target target, String name) {
        TableDef<Task> processes = ProcessesTable.def();
        List<Column<Task>> columns = (target == Target.UNIT ? List.of("unit") : List.of("container_name", "container_id"))
                .stream().map(c -> processes.column(c).orElseThrow()).toList();
        boolean prefix = target == Target.CONTAINER && name.matches("[0-9a-f]{12,63}");
        List<Task> out = new ArrayList<>();
        for (Task t : snapshot.processes()) {
            for (Column<Task> c : columns) {
                Object v = c.getter().get(t, snapshot);
                if (name.equals(v) || (prefix && c.name().equals("container_id") && v instanceof String id && id.startsWith(name))) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }

    /** The statement's matches, refusing kernel threads for FREEZE and an empty match. */
    private List<Task> checked(Statement.Freezing cmd, List<Task> matched) throws CgroupException {
        for (Task t : matched) {
            if (cmd.verb() == Verb.FREEZE && t.kernelThread) {
                throw new CgroupException("refusing: pid " + t.tgid + " (" + t.comm + ") is a kernel thread, which the cgroup freezer cannot stop"
                        + " (add AND NOT kernel_thread)");
            }
        }
        if (matched.isEmpty()) {
            throw new CgroupException("no process matches " + (cmd.target() == Target.WHERE ? "the condition" : cmd.target()
                    + " '" + cmd.argument() + "'") + ": nothing to " + cmd.verb().name().toLowerCase(Locale.ROOT));
        }
        return matched;
    }

    private record Matched(CgroupDir cgroup, List<Long> pids) {}

    /**
     * The distinct cgroups of the matches, each with the pids that led to it (for messages).
     * A unit or container is frozen whole: a match in a cgroup nested inside it stands for the
     * unit's or container's own cgroup, so processes it starts in other sub-cgroups freeze too.
     */
    private List<Matched> cgroupsOf(List<Task> matches, Target target) {
        Map<String, Matched> out = new java.util.LinkedHashMap<>();
        for (Task m : matches) {
            if (cgroupOf(m) == null) continue;
            String path = switch (target) {
                case UNIT -> unitRoot(cgroupOf(m));
                case CONTAINER -> {
                    ContainerRef ref = ContainerPath.parse(cgroupOf(m));
                    yield ref != null ? ref.cgroup() : cgroupOf(m);
                }
                default -> cgroupOf(m);
            };
            out.computeIfAbsent(path, p -> new Matched(paths.of(p), new ArrayList<>())).pids().add((long) m.tgid);
        }
        return new ArrayList<>(out.values());
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

    /** The task's cgroup as the snapshot resolved it (a BPF walk gives only its id). */
    private String cgroupOf(Task t) { return snapshot.ownership().path(t); }

    /** The processes cgroupfs lists now, each with what the statement's snapshot knew of it. */
    private List<Member> members(List<Long> pids) {
        List<Member> out = new ArrayList<>();
        for (long pid : pids.stream().sorted().toList()) out.add(member(pid));
        return out;
    }

    private Member member(long pid) {
        Task t = byPid.get((int) pid);
        return t != null ? new Member(pid, t.startNs, t.comm, cgroupOf(t)) : new Member(pid, Task.UNKNOWN, Pids.comm(pid), null);
    }

    private static void writable(CgroupDir c) throws CgroupException {
        if (!c.exists()) throw new CgroupException("cgroup " + c.path() + " was removed while planning");
        if (!Files.isWritable(c.dir().resolve("cgroup.freeze"))) throw Freezer.denied(c.dir().resolve("cgroup.freeze"), "write", false);
    }
}
