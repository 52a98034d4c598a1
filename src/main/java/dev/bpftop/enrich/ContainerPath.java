package dev.bpftop.enrich;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which container a cgroup belongs to, read from its path. The shapes runtimes use:
 * <ul>
 *   <li>Docker: {@code /system.slice/docker-ID.scope} (systemd driver), {@code /docker/ID} (cgroupfs)</li>
 *   <li>Podman: {@code /machine.slice/libpod-ID.scope}, {@code /libpod_parent/libpod-ID}; its monitor
 *       sits in {@code libpod-conmon-ID}, which is not the container</li>
 *   <li>containerd: {@code cri-containerd-ID.scope}; CRI-O: {@code crio-ID.scope} ({@code crio-conmon-ID} is its monitor)</li>
 *   <li>Kubernetes: {@code /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podUID.slice/…}
 *       or {@code /kubepods/burstable/podUID/ID}; guaranteed pods sit directly under kubepods</li>
 * </ul>
 * The outermost match wins: cgroups a container makes inside itself belong to that container.
 */
public final class ContainerPath {
    private static final String ID = "([0-9a-f]{64})";
    private static final Pattern SCOPED = Pattern.compile("(docker|libpod|cri-containerd|crio)-" + ID + "(\\.scope)?");
    private static final Pattern BARE_ID = Pattern.compile(ID);
    private static final Pattern POD = Pattern.compile("(?:kubepods-(?:(besteffort|burstable)-)?)?pod([0-9a-f_-]{36})(?:\\.slice)?");
    private static final Pattern QOS = Pattern.compile("(?:kubepods-)?(besteffort|burstable)(?:\\.slice)?");

    private ContainerPath() {}

    /** The container this cgroup is (or is inside of), or null. */
    public static ContainerRef parse(String path) {
        List<String> parts = CgroupPaths.components(path);
        String pod = null, qos = null;
        boolean kube = false;
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i);
            String parent = i > 0 ? parts.get(i - 1) : "";
            if (name.equals("kubepods") || name.equals("kubepods.slice")) {
                kube = true;
                qos = "guaranteed";
                continue;
            }
            Matcher m;
            if (kube && (m = QOS.matcher(name)).matches()) {
                qos = m.group(1);
                continue;
            }
            if (kube && (m = POD.matcher(name)).matches()) {
                // the systemd driver writes the uid's dashes as underscores
                pod = m.group(2).replace('_', '-');
                continue;
            }
            String cgroup = CgroupPaths.prefix(parts, i + 1);
            if ((m = SCOPED.matcher(name)).matches()) {
                return new ContainerRef(m.group(2), runtime(m.group(1)), cgroup, pod, kube ? qos : null);
            }
            if (BARE_ID.matcher(name).matches()) {
                if (parent.equals("docker")) return new ContainerRef(name, "docker", cgroup, pod, kube ? qos : null);
                if (pod != null) return new ContainerRef(name, "cri", cgroup, pod, qos);
            }
        }
        return null;
    }

    private static String runtime(String prefix) {
        return switch (prefix) {
            case "docker" -> "docker";
            case "libpod" -> "podman";
            case "cri-containerd" -> "containerd";
            default -> "cri-o";
        };
    }
}
