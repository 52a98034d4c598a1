package dev.bpftop.enrich.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Podman container running {@code sleep} from a busybox-only image built locally
 * ({@link BusyboxRootfs}), optionally with Podman's Engine API service on a private socket.
 * Closing removes the container and stops the service.
 */
final class TinyContainer implements AutoCloseable {
    static final String IMAGE = "localhost/tiny";
    // crun refuses hybrid cgroup layouts; runc with cgroupfs works on these machines
    private static final List<String> PODMAN = List.of("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs", "--events-backend", "file");

    final String name;
    final String id;
    final int pid;
    private Process service;

    private TinyContainer(String name, String id, int pid) {
        this.name = name;
        this.id = id;
        this.pid = pid;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/podman")) && BusyboxRootfs.available();
    }

    static TinyContainer start(String name) throws IOException, InterruptedException {
        return start(name, "/bin/sleep", "1000");
    }

    /** A container running {@code command} (busybox applets through /bin/busybox). */
    static TinyContainer start(String name, String... command) throws IOException, InterruptedException {
        ensureImage();
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "none", "--ulimit", "nofile=1024:1024",
                "--ulimit", "nproc=1024:1024", IMAGE));
        args.addAll(List.of(command));
        String id = podman(args.toArray(String[]::new));
        TinyContainer c = new TinyContainer(name, id, 0);
        try {
            return new TinyContainer(name, id, Integer.parseInt(podman("inspect", "-f", "{{.State.Pid}}", name)));
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Serves the Engine API on {@code socket} until closed; returns when the socket answers. */
    void serveApi(Path socket) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(PODMAN);
        cmd.addAll(List.of("system", "service", "--time=0", "unix://" + socket));
        service = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket) && System.nanoTime() < deadline && service.isAlive()) Thread.sleep(50);
        if (!Files.exists(socket)) throw new IOException("podman system service did not create " + socket);
    }

    private static void ensureImage() throws IOException, InterruptedException {
        if (new ProcessBuilder("podman", "image", "exists", IMAGE).start().waitFor() == 0) return;
        BusyboxRootfs.importWith(List.of("podman", "import", "-", IMAGE));
    }

    private static String podman(String... args) throws IOException, InterruptedException {
        return Commands.run(PODMAN, List.of(args));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            podman("rm", "-f", "-t", "0", name);
        } finally {
            if (service != null) {
                service.destroy();
                if (!service.waitFor(10, TimeUnit.SECONDS)) service.destroyForcibly().waitFor();
            }
        }
    }
}
