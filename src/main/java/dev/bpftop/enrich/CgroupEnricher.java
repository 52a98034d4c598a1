package dev.bpftop.enrich;

import dev.bpftop.cgroup.CgroupTree;
import dev.bpftop.collect.CgroupMount;
import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Task;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds every task's cgroup path and id: the procfs collector knows the path (from
 * /proc/PID/cgroup), the BPF collector only the id (the kernfs inode), so the missing one is
 * found by stat'ing the directory or, for an id not seen before, by walking the v2 tree once.
 * What it finds goes into the snapshot's {@link Ownership}; the tasks stay as collected.
 */
public final class CgroupEnricher {
    /** Caches are dropped past this size; a host with more cgroups just re-reads them. */
    private static final int CACHE_LIMIT = 100_000;

    private final Optional<Path> root;
    private final Map<Long, String> pathById = new HashMap<>();
    /** Ids the last walk did not find; they trigger no new walk until something else does. */
    private final Set<Long> notInTree = new HashSet<>();
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    public CgroupEnricher() { this(CgroupMount.v2()); }

    CgroupEnricher(Optional<Path> root) { this.root = root; }

    /** Called once per snapshot, before the tables see it. */
    public synchronized Ownership enrich(Collector.TaskList tasks) {
        if (root.isEmpty()) return Ownership.none();
        if (pathById.size() > CACHE_LIMIT) pathById.clear();
        if (notInTree.size() > CACHE_LIMIT) notInTree.clear();
        if (owners.size() > CACHE_LIMIT) owners.clear();
        Map<Long, String> pathOfId = new HashMap<>();
        Map<String, Long> idOfPath = new HashMap<>();
        List<CgroupTree.Node> walked = null;
        for (List<Task> list : List.of(tasks.processes(), tasks.threads())) {
            for (Task t : list) {
                if (t.cgroupPath == null && t.cgroupId != 0) {
                    if (pathOfId.containsKey(t.cgroupId)) continue;
                    String path = pathById.get(t.cgroupId);
                    if (path == null && walked == null && !notInTree.contains(t.cgroupId)) {
                        walked = CgroupTree.walk(root.get());
                        notInTree.clear();
                        for (CgroupTree.Node n : walked) pathById.put(n.id(), n.path());
                        path = pathById.get(t.cgroupId);
                    }
                    // a removed cgroup (its last tasks are zombies) would otherwise cost a walk per snapshot
                    if (path == null) notInTree.add(t.cgroupId);
                    pathOfId.put(t.cgroupId, path);
                } else if (t.cgroupPath != null && t.cgroupId == 0) {
                    idOfPath.computeIfAbsent(Ownership.live(t.cgroupPath), p -> CgroupTree.inode(dir(p)));
                }
            }
        }
        return new Ownership(root.get(), owners, walked, pathOfId, idOfPath);
    }

    private Path dir(String path) {
        return path.equals("/") ? root.get() : root.get().resolve(path.substring(1));
    }

    public String note() {
        return root.map(r -> "cgroups: v2 at " + r).orElse("cgroups: no cgroup v2 mount, cgroup columns are NULL");
    }
}
