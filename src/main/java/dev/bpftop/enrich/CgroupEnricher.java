package dev.bpftop.enrich;

import dev.bpftop.cgroup.CgroupMount;
import dev.bpftop.cgroup.CgroupTree;
import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Enricher;
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
 * Gives every task both its cgroup path and id: the procfs collector knows the path (from
 * /proc/PID/cgroup), the BPF collector only the id (the kernfs inode), so the missing one is
 * found by stat'ing the directory or, for an id not seen before, by walking the v2 tree once.
 */
public final class CgroupEnricher implements Enricher {
    /** Caches are dropped past this size; a host with more cgroups just re-reads them. */
    private static final int CACHE_LIMIT = 100_000;

    private static final String DELETED = " (deleted)";

    private final Optional<Path> root;
    private final Map<Long, String> pathById = new HashMap<>();
    /** Ids the last walk did not find; they trigger no new walk until something else does. */
    private final Set<Long> notInTree = new HashSet<>();
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    public CgroupEnricher() { this(CgroupMount.v2()); }

    CgroupEnricher(Optional<Path> root) { this.root = root; }

    @Override
    public synchronized void enrich(Collector.TaskList tasks, Map<Class<?>, Object> extensions) {
        if (root.isEmpty()) {
            extensions.put(Ownership.class, Ownership.none());
            return;
        }
        if (pathById.size() > CACHE_LIMIT) pathById.clear();
        if (notInTree.size() > CACHE_LIMIT) notInTree.clear();
        if (owners.size() > CACHE_LIMIT) owners.clear();
        Map<String, Long> idByPath = new HashMap<>();
        List<CgroupTree.Node> walked = null;
        for (List<Task> list : List.of(tasks.processes(), tasks.threads())) {
            for (Task t : list) {
                // /proc marks the cgroup of a task that outlived it (a zombie) " (deleted)"
                if (t.cgroupPath != null && t.cgroupPath.endsWith(DELETED)) {
                    t.cgroupPath = t.cgroupPath.substring(0, t.cgroupPath.length() - DELETED.length());
                }
                if (t.cgroupPath == null && t.cgroupId != 0) {
                    String path = pathById.get(t.cgroupId);
                    if (path == null && walked == null && !notInTree.contains(t.cgroupId)) {
                        walked = CgroupTree.walk(root.get());
                        notInTree.clear();
                        for (CgroupTree.Node n : walked) pathById.put(n.id(), n.path());
                        path = pathById.get(t.cgroupId);
                    }
                    // a removed cgroup (its last tasks are zombies) would otherwise cost a walk per snapshot
                    if (path == null) notInTree.add(t.cgroupId);
                    t.cgroupPath = path;
                } else if (t.cgroupPath != null && t.cgroupId == 0) {
                    t.cgroupId = idByPath.computeIfAbsent(t.cgroupPath, p -> CgroupTree.inode(dir(p)));
                }
            }
        }
        extensions.put(Ownership.class, new Ownership(root.get(), owners, walked));
    }

    private Path dir(String path) {
        return path.equals("/") ? root.get() : root.get().resolve(path.substring(1));
    }

    @Override
    public String note() {
        return root.map(r -> "cgroups: v2 at " + r).orElse("cgroups: no cgroup v2 mount, cgroup columns are NULL");
    }
}
