package dev.bpftop.enrich;

import dev.bpftop.cgroup.CgroupFiles;
import dev.bpftop.cgroup.CgroupTree;
import dev.bpftop.collect.Task;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link CgroupEnricher} found for a snapshot: each task's cgroup path and id, owners by
 * cgroup path, and the cgroup tree and files, each read once per snapshot on first use so a query
 * that names none of them pays nothing.
 */
public final class Ownership {
    /** /proc marks the cgroup of a task that outlived it (a zombie) so. */
    private static final String DELETED = " (deleted)";

    private final Path root;
    private final Map<String, Owner> owners;
    /** Paths of the ids the collector gave without a path (null: not in the tree), and ids of the paths it gave without an id. */
    private final Map<Long, String> pathOfId;
    private final Map<String, Long> idOfPath;
    private final Map<String, CgroupFiles.Events> events = new ConcurrentHashMap<>();
    private final Map<String, CgroupFiles.Stats> stats = new ConcurrentHashMap<>();
    private volatile List<CgroupTree.Node> tree;
    private volatile Map<String, int[]> counts;
    private volatile Map<String, ContainerTotals> totals;
    private volatile Map<String, NetTotals> netByCgroup, netByContainer;

    /** Processes, summed CPU% (null when no task had one) and summed rss of one container. */
    public record ContainerTotals(int processes, Double cpuPct, long rss) {}

    Ownership(Path root, Map<String, Owner> owners, List<CgroupTree.Node> tree, Map<Long, String> pathOfId, Map<String, Long> idOfPath) {
        this.root = root;
        this.owners = owners;
        this.tree = tree;
        this.pathOfId = pathOfId;
        this.idOfPath = idOfPath;
    }

    /** The owners of cgroups on a host without cgroup v2 (or with no cgroup enricher): none. */
    static Ownership none() { return new Ownership(null, new ConcurrentHashMap<>(), List.of(), Map.of(), Map.of()); }

    /** The task's cgroup v2 path relative to the mount ("/system.slice/x.service"); null when unknown. */
    public String path(Task t) {
        return t.cgroupPath != null ? live(t.cgroupPath) : t.cgroupId == 0 ? null : pathOfId.get(t.cgroupId);
    }

    /** Kernfs inode of the task's cgroup directory; 0 when unknown. */
    public long id(Task t) {
        if (t.cgroupId != 0 || t.cgroupPath == null) return t.cgroupId;
        return idOfPath.getOrDefault(live(t.cgroupPath), 0L);
    }

    static String live(String path) {
        return path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
    }

    public Owner owner(String path) {
        if (root == null || path == null) return Owner.NONE;
        return owners.computeIfAbsent(path, Owner::of);
    }

    /** Every cgroup v2 directory, parents first; empty without a v2 mount. */
    public List<CgroupTree.Node> tree() {
        List<CgroupTree.Node> t = tree;
        if (t == null) tree = t = CgroupTree.walk(root);
        return t;
    }

    /** Whether the cgroup is frozen; the root cgroup cannot be, and has no cgroup.events. */
    public Boolean frozen(String path) {
        if (root == null || path == null) return null;
        if (path.equals("/")) return false;
        return events(path).frozen();
    }

    public CgroupFiles.Events events(String path) {
        return events.computeIfAbsent(path, p -> CgroupFiles.events(dir(p)));
    }

    public CgroupFiles.Stats stats(String path) {
        return stats.computeIfAbsent(path, p -> CgroupFiles.stats(dir(p)));
    }

    /** Processes and threads of the snapshot per cgroup path, as {processes, threads}. */
    public int[] counts(Snapshot s, String path) {
        Map<String, int[]> c = counts;
        if (c == null) {
            c = new HashMap<>();
            count(s.processes(), 0, c);
            count(s.threads(), 1, c);
            counts = c;
        }
        return c.getOrDefault(path, new int[2]);
    }

    private void count(List<Task> tasks, int slot, Map<String, int[]> into) {
        for (Task t : tasks) {
            String p = path(t);
            if (p != null) into.computeIfAbsent(p, k -> new int[2])[slot]++;
        }
    }

    /** Totals over the snapshot's processes of one container, nested cgroups included. */
    public ContainerTotals totals(Snapshot s, String containerId) {
        Map<String, ContainerTotals> m = totals;
        if (m == null) {
            Map<String, ContainerTotals> acc = new HashMap<>();
            for (Task t : s.processes()) {
                ContainerRef ref = owner(path(t)).container();
                if (ref == null) continue;
                acc.merge(ref.id(), new ContainerTotals(1, Task.known(s.readings().cpuPct(t)), t.rss), Ownership::add);
            }
            totals = m = acc;
        }
        return m.getOrDefault(containerId, new ContainerTotals(0, null, 0));
    }

    /** Network totals of the snapshot's processes directly in one cgroup. */
    public NetTotals netOfCgroup(Snapshot s, String path) {
        Map<String, NetTotals> m = netByCgroup;
        if (m == null) {
            m = new HashMap<>();
            for (Task t : s.processes()) {
                String p = path(t);
                if (p != null) m.merge(p, NetTotals.of(s.readings(), t), NetTotals::plus);
            }
            netByCgroup = m;
        }
        return m.getOrDefault(path, NetTotals.NONE);
    }

    /** Network totals of the snapshot's processes of one container, nested cgroups included. */
    public NetTotals netOfContainer(Snapshot s, String containerId) {
        Map<String, NetTotals> m = netByContainer;
        if (m == null) {
            m = new HashMap<>();
            for (Task t : s.processes()) {
                ContainerRef ref = owner(path(t)).container();
                if (ref != null) m.merge(ref.id(), NetTotals.of(s.readings(), t), NetTotals::plus);
            }
            netByContainer = m;
        }
        return m.getOrDefault(containerId, NetTotals.NONE);
    }

    private static ContainerTotals add(ContainerTotals a, ContainerTotals b) {
        Double cpu = a.cpuPct() == null ? b.cpuPct() : b.cpuPct() == null ? a.cpuPct() : a.cpuPct() + b.cpuPct();
        return new ContainerTotals(a.processes() + b.processes(), cpu, a.rss() + b.rss());
    }

    private Path dir(String path) {
        return path.equals("/") ? root : root.resolve(path.substring(1));
    }
}
