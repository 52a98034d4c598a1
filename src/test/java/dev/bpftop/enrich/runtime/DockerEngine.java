package dev.bpftop.enrich.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker engine for one test: dockerd (with the containerd it supervises, or the host's
 * own if one runs) keeping its data, state, pid file and socket in a temporary directory, so a
 * host's own Docker is neither used nor disturbed. It has no network: the host's iptables and
 * bridges stay untouched. Closing removes its containers, stops it, and removes what it left
 * behind: its mounts, its directory, and whatever it created outside (cgroups, state under /run).
 */
final class DockerEngine implements AutoCloseable {
    static final String IMAGE = "bpftop-tiny";
    /** Made by any dockerd (and its containerd) wherever it keeps its data; removed unless they were there before. */
    private static final List<Path> HOST_LEFTOVERS = List.of(Path.of("/etc/docker/key.json"), Path.of("/run/docker"), Path.of("/run/containerd"));

    record Container(String id, int pid) {}

    final Path socket;
    private final Path dir;
    private final Process daemon;
    private final List<Path> newCgroups;
    private final List<Path> newHostPaths;

    private DockerEngine(Path dir, Process daemon, List<Path> newCgroups, List<Path> newHostPaths) {
        this.dir = dir;
        this.socket = dir.resolve("docker.sock");
        this.daemon = daemon;
        this.newCgroups = newCgroups;
        this.newHostPaths = newHostPaths;
    }

    static boolean available() {
        return onPath("dockerd") && onPath("docker") && BusyboxRootfs.available();
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    /** Starts dockerd, waits until its API answers, and imports {@link #IMAGE}. */
    static DockerEngine start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bpftop-docker");
        // runc puts containers under a "docker" cgroup in every hierarchy (cgroupfs driver) and never removes it
        List<Path> newCgroups = cgroupMounts().stream().map(m -> m.resolve("docker")).filter(p -> !Files.exists(p)).toList();
        List<Path> newHostPaths = HOST_LEFTOVERS.stream().filter(p -> !Files.exists(p)).toList();
        String ns = dir.getFileName().toString();
        Process daemon = new ProcessBuilder("dockerd", "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--host", "unix://" + dir.resolve("docker.sock"), "--log-level", "warn",
                "--iptables=false", "--ip6tables=false", "--ip-masq=false", "--bridge=none",
                // where the host runs its own containerd, dockerd uses it: namespaces of our own keep us apart
                "--containerd-namespace", ns, "--containerd-plugins-namespace", ns + "-plugins")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        DockerEngine engine = new DockerEngine(dir, daemon, newCgroups, newHostPaths);
        try {
            engine.awaitApi();
            BusyboxRootfs.importWith(engine.command("import", "-", IMAGE));
            return engine;
        } catch (IOException | InterruptedException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private void awaitApi() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (daemon.isAlive() && System.nanoTime() < deadline) {
            try {
                UnixHttp.get(socket, "/_ping", Duration.ofSeconds(1));
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("dockerd did not answer on " + socket + ": " + Files.readString(dir.resolve("dockerd.log")));
    }

    /** Runs {@code command} in a new container named {@code name} from {@link #IMAGE}. */
    Container run(String name, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "none", IMAGE));
        args.addAll(List.of(command));
        String id = docker(args.toArray(String[]::new));
        return new Container(id, Integer.parseInt(docker("inspect", "-f", "{{.State.Pid}}", id)));
    }

    String docker(String... args) throws IOException, InterruptedException {
        return Commands.run(command(args));
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "--host", "unix://" + socket));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (daemon.isAlive() && Files.exists(socket)) {
                String ids = docker("ps", "-aq");
                if (!ids.isEmpty()) Commands.run(command("rm", "-f"), List.of(ids.split("\\s+")));
            }
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) daemon.destroyForcibly().waitFor();
            cleanUp();
        }
    }

    private void cleanUp() throws IOException, InterruptedException {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4];
            if (point.startsWith(dir + "/")) mounts.add(point);
        }
        mounts.sort(Comparator.reverseOrder()); // inner mounts first
        for (String m : mounts) Commands.run(List.of("umount", m));
        Commands.run(List.of("rm", "-rf", dir.toString()));
        for (Path p : newHostPaths) Commands.run(List.of("rm", "-rf", p.toString()));
        for (Path cgroup : newCgroups) Files.deleteIfExists(cgroup);
    }

    /** Every cgroup hierarchy's mount point, v1 and v2. */
    private static List<Path> cgroupMounts() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            int dash = line.indexOf(" - ");
            String type = dash < 0 ? "" : line.substring(dash + 3).split(" ")[0];
            if (type.equals("cgroup") || type.equals("cgroup2")) out.add(Path.of(line.split(" ")[4]));
        }
        return out;
    }
}
