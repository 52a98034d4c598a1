package dev.bpftop.sql;

import static dev.bpftop.collect.Detail.CGROUP;
import static dev.bpftop.sql.ColumnType.*;
import static dev.bpftop.sql.Display.Kind.TEXT;
import static dev.bpftop.sql.Needs.of;
import static dev.bpftop.sql.TaskColumns.col;

import dev.bpftop.collect.Task;
import dev.bpftop.enrich.ContainerRef;
import dev.bpftop.enrich.Owner;
import dev.bpftop.enrich.Ownership;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.runtime.ContainerInfo;
import java.util.List;

/** Who owns a process or thread: its cgroup, systemd unit and slice, container and pod (enrich.CgroupEnricher), all from its cgroup path. */
final class OwnerColumns {
    private OwnerColumns() {}

    static final Display UNIT = Display.of("UNIT", TEXT, 20, 3);
    /** Frozen rows stand out by their color rather than a column. */
    static final Display FROZEN = Display.of("FROZEN", Display.Kind.HIDDEN, 0, 0).as(Display.Role.FROZEN);

    static List<Column<Task>> forTasks() {
        return List.of(
                col("cgroup", VARCHAR, of(CGROUP), "Cgroup v2 path relative to the mount (/system.slice/ssh.service); NULL without cgroup v2", (t, s) -> s.ownership().path(t)),
                TaskColumns.<Task>col("unit", VARCHAR, of(CGROUP), "Innermost systemd unit from the cgroup path (ssh.service, session-3.scope), \\x escapes decoded", (t, s) -> owner(t, s).unit()).shown(UNIT),
                col("slice", VARCHAR, of(CGROUP), "Systemd slice holding the unit (system.slice, user-1000.slice)", (t, s) -> owner(t, s).slice()),
                col("container_id", VARCHAR, of(CGROUP), "Container id (64 hex) from the cgroup path: Docker, Podman, containerd, CRI-O, Kubernetes", (t, s) -> id(container(t, s))),
                TaskColumns.<Task>col("container_name", VARCHAR, of(CGROUP), "Container name from the runtime's API or store (asked only when selected; NULL if it does not answer in time)", (t, s) -> name(s, container(t, s))).shown(Display.of("CONTAINER", TEXT, 14, 3)),
                col("container_runtime", VARCHAR, of(CGROUP), "docker, podman, containerd, cri-o, or cri (a Kubernetes path that does not say)", (t, s) -> container(t, s) == null ? null : container(t, s).runtime()),
                col("pod", VARCHAR, of(CGROUP), "Kubernetes pod uid from the cgroup path", (t, s) -> container(t, s) == null ? null : container(t, s).pod()),
                TaskColumns.<Task>col("frozen", BOOLEAN, of(CGROUP), "True when its cgroup is frozen (cgroup.events); NULL without cgroup v2", (t, s) -> frozen(t, s)).shown(FROZEN));
    }

    static Owner owner(Task t, Snapshot s) {
        Ownership o = s.ownership();
        return o.owner(o.path(t));
    }

    private static ContainerRef container(Task t, Snapshot s) { return owner(t, s).container(); }

    private static String id(ContainerRef c) { return c == null ? null : c.id(); }

    static String name(Snapshot s, ContainerRef c) {
        ContainerInfo info = info(s, c);
        return info == null ? null : info.name();
    }

    static ContainerInfo info(Snapshot s, ContainerRef c) {
        return c == null ? null : s.containers().info(c.id());
    }

    private static Boolean frozen(Task t, Snapshot s) {
        Ownership o = s.ownership();
        return o.frozen(o.path(t));
    }
}
