package dev.bpftop.enrich.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the runtimes listen, as their own clients find them: Docker at DOCKER_HOST or
 * /var/run/docker.sock, Podman at CONTAINER_HOST or /run/podman/podman.sock, then Podman's store.
 * Only unix:// hosts are used; a tcp:// DOCKER_HOST is not ours to dial.
 */
public final class Endpoints {
    static final Path DOCKER = Path.of("/var/run/docker.sock");
    static final Path PODMAN = Path.of("/run/podman/podman.sock");

    private Endpoints() {}

    public static List<ContainerSource> fromEnvironment() { return from(System.getenv()); }

    static List<ContainerSource> from(Map<String, String> env) {
        List<ContainerSource> out = new ArrayList<>();
        Path docker = socket(env.get("DOCKER_HOST"), DOCKER);
        if (docker != null) out.add(new EngineApi("docker", docker));
        Path podman = socket(env.get("CONTAINER_HOST"), PODMAN);
        if (podman != null) out.add(new EngineApi("podman", podman));
        out.add(new PodmanStore(PodmanStore.DEFAULT));
        return out;
    }

    /** The socket of a unix:// host, the default when unset, null for any other scheme. */
    static Path socket(String host, Path fallback) {
        if (host == null || host.isBlank()) return fallback;
        if (host.startsWith("unix://")) return Path.of(host.substring("unix://".length()));
        return null;
    }
}
