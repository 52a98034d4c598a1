package dev.bpftop.sql;

import static dev.bpftop.sql.ColumnType.*;

import dev.bpftop.cgroup.CgroupTree;
import dev.bpftop.collect.Detail;
import dev.bpftop.enrich.ContainerRef;
import dev.bpftop.enrich.Ownership;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.runtime.ContainerInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * One row per running container: every cgroup whose path names a container (the container's own
 * cgroup, not those it nests inside itself), with what its runtime says and its processes' totals.
 */
final class ContainersTable {
    private ContainersTable() {}

    static TableDef<ContainerRef> def() {
        return TableDef.<ContainerRef>builder("containers", "One row per running container found in the cgroup tree, named by its runtime", ContainersTable::rows)
                // Rows come from the cgroup tree and names from the runtime; only the totals read tasks (their cgroups).
                .needs(Needs.NOTHING)
                .column("id", VARCHAR, "Container id, 64 hex digits", (c, s) -> c.id())
                .column("name", VARCHAR, "Name from the runtime (NULL when it does not answer in time)", (c, s) -> OwnerColumns.name(s, c))
                .column("runtime", VARCHAR, "docker, podman, containerd, cri-o, or cri", (c, s) -> c.runtime())
                .column("image", VARCHAR, "Image the runtime reports", (c, s) -> info(s, c) == null ? null : info(s, c).image())
                .column("state", VARCHAR, "State from the runtime API (running, paused…); NULL from Podman's store", (c, s) -> info(s, c) == null ? null : info(s, c).state())
                .column("created", TIMESTAMP, "When the container was created (local time)", (c, s) -> created(s, c))
                .column("cgroup", VARCHAR, "The container's cgroup path", (c, s) -> c.cgroup())
                .column("pod", VARCHAR, "Kubernetes pod uid", (c, s) -> c.pod())
                .column("qos", VARCHAR, "Kubernetes QoS class: guaranteed, burstable or besteffort", (c, s) -> c.qos())
                .column("processes", INTEGER, Needs.of(Detail.CGROUP), "Processes inside, nested cgroups included", (c, s) -> totals(s, c).processes())
                .column("cpu_pct", DOUBLE, Needs.of(Detail.CGROUP).and(Needs.INTERVAL), "Sum of its processes' cpu_pct", (c, s) -> totals(s, c).cpuPct())
                .column("rss", BIGINT, Needs.of(Detail.CGROUP, Detail.STATUS), "Sum of its processes' rss, bytes", (c, s) -> totals(s, c).rss())
                .columns(NetColumns.forContainers())
                .build();
    }

    private static List<ContainerRef> rows(Snapshot s) {
        Ownership o = s.ownership();
        List<ContainerRef> out = new ArrayList<>();
        for (CgroupTree.Node n : o.tree()) {
            ContainerRef c = o.owner(n.path()).container();
            if (c != null && c.cgroup().equals(n.path())) out.add(c);
        }
        return out;
    }

    private static ContainerInfo info(Snapshot s, ContainerRef c) { return OwnerColumns.info(s, c); }

    private static Ownership.ContainerTotals totals(Snapshot s, ContainerRef c) {
        return s.ownership().totals(s, c.id());
    }

    private static Long created(Snapshot s, ContainerRef c) {
        ContainerInfo i = info(s, c);
        if (i == null || i.createdEpochMillis() == null) return null;
        long ms = i.createdEpochMillis();
        return ms + java.util.TimeZone.getDefault().getOffset(ms);
    }
}
