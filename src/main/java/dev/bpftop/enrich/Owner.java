package dev.bpftop.enrich;

/** Who a cgroup belongs to, from its path: systemd unit and slice, and container if any (each may be null). */
public record Owner(String unit, String slice, ContainerRef container) {
    static final Owner NONE = new Owner(null, null, null);

    public static Owner of(String path) {
        if (path == null) return NONE;
        return new Owner(SystemdPath.unit(path), SystemdPath.slice(path), ContainerPath.parse(path));
    }
}
