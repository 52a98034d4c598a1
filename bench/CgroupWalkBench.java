// Cgroup tree walk: dev.bpftop.cgroup.CgroupTree against a plain Files.walk of the same tree, in one run.
//   sudo java -cp target/bpftop.jar bench/CgroupWalkBench.java [cgroups=500]
// Makes that many scratch cgroups (20 slices of services) under a unique name and always removes them.
import dev.bpftop.cgroup.CgroupTree;
import dev.bpftop.collect.CgroupMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

public class CgroupWalkBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path root = CgroupMount.v2().orElseThrow(() -> new IllegalStateException("no cgroup v2 mount"));
        Path top = root.resolve("bpftop-bench-" + ProcessHandle.current().pid());
        try {
            for (int i = 0; i < n; i++) Files.createDirectories(top.resolve("s" + (i % 20) + ".slice").resolve("u" + i + ".service"));
            int reps = 20;
            double ours = time(reps, () -> CgroupTree.walk(root).size());
            double peer = time(reps, () -> {
                try (Stream<Path> s = Files.walk(root)) {
                    return (int) s.filter(Files::isDirectory).count();
                }
            });
            System.out.printf("cgroups: %d%nCgroupTree.walk: %.2f ms%nFiles.walk:      %.2f ms%nratio (Files.walk / ours): %.1fx%n",
                    CgroupTree.walk(root).size(), ours, peer, peer / ours);
        } finally {
            List<Path> dirs;
            try (Stream<Path> s = Files.walk(top)) {
                dirs = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path d : dirs) Files.delete(d);
        }
    }

    interface Walk { int run() throws Exception; }

    /** Mean milliseconds per run after a few warm-up runs. */
    static double time(int reps, Walk w) throws Exception {
        for (int i = 0; i < 5; i++) w.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) w.run();
        return (System.nanoTime() - t0) / 1e6 / reps;
    }
}
