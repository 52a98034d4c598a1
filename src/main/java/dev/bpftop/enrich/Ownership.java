package dev.bpftop.enrich;

import dev.bpftop.cgroup.CgroupFiles;
import dev.bpftop.cgroup.CgroupTree;
import dev.bpftop.collect.Snapshot;
import dev.bpftop.collect.Task;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link CgroupEnricher} attaches to a snapshot: owners by cgroup path, and the cgroup tree
 * and files, each read once per snapshot on first use so a query that names none of them pays nothing.
 */
public final class Ownership {
    private final Path root;
    private final Map<String, Owner> owners;
    private final Map<String, CgroupFiles.Events> events = new ConcurrentHashMap<>();
    private final Map<String, CgroupFiles.Stats> stats = new ConcurrentHashMap<>();
    private volatile List<CgroupTree.Node> tree;
    private volatile Map<String, int[]> counts;
    private volatile Map<String, ContainerTotals> totals;

    /** Processes, summed CPU% (null when no task had one) and summed rss of one container. */
    public record ContainerTotals(int processes, Double cpuPct, long rss) {}

    Ownership(Path root, Map<String, Owner> owners, List<CgroupTree.Node> tree) {
        this.root = root;
        this.owners = owners;
        this.tree = tree;
    }

    /** The owners of cgroups on a host without cgroup v2: none. */
    static Ownership none() { return new Ownership(null, new ConcurrentHashMap<>(), List.of()); }

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
            for (Task t : s.processes()) if (t.cgroupPath != null) c.computeIfAbsent(t.cgroupPath, k -> new int[2])[0]++;
            for (Task t : s.threads()) if (t.cgroupPath != null) c.computeIfAbsent(t.cgroupPath, k -> new int[2])[1]++;
            counts = c;
        }
        return c.getOrDefault(path, new int[2]);
    }

    /** Totals over the snapshot's processes of one container, nested cgroups included. */
    public ContainerTotals totals(Snapshot s, String containerId) {
        Map<String, ContainerTotals> m = totals;
        if (m == null) {
            Map<String, ContainerTotals> acc = new HashMap<>();
            for (Task t : s.processes()) {
                ContainerRef ref = owner(t.cgroupPath).container();
                if (ref == null) continue;
                acc.merge(ref.id(), new ContainerTotals(1, t.cpuPct, t.rss), Ownership::add);
            }
            totals = m = acc;
        }
        return m.getOrDefault(containerId, new ContainerTotals(0, null, 0));
    }

    private static ContainerTotals add(ContainerTotals a, ContainerTotals b) {
        Double cpu = a.cpuPct() == null ? b.cpuPct() : b.cpuPct() == null ? a.cpuPct() : a.cpuPct() + b.cpuPct();
        return new ContainerTotals(a.processes() + b.processes(), cpu, a.rss() + b.rss());
    }

    private Path dir(String path) {
        return path.equals("/") ? root : root.resolve(path.substring(1));
    }
}
