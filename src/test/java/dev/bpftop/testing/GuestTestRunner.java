package dev.bpftop.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test classes through the JUnit Platform launcher, without Maven: bin/vmtest's guests use
 * it, since under emulation (no KVM) starting Maven and surefire's fork costs minutes where the
 * kernel-facing tests take one or two. Prints a surefire-like line per class and every failure
 * with its stack trace, and writes the totals ("tests failures errors skipped") to a file.
 *
 * <pre>GuestTestRunner RESULTS Name[,Name...]</pre>
 * Names are simple class names (as surefire's -Dtest), found among the compiled tests.
 */
public final class GuestTestRunner {
    private GuestTestRunner() {}

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        List<ClassSelector> selectors = new ArrayList<>();
        for (String name : args[1].split(",")) selectors.add(selectClass(qualified(name.strip())));
        PerClass listener = new PerClass(System.out);
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), listener);
        int[] t = listener.totals();
        System.out.printf("Tests run: %d, Failures: %d, Errors: %d, Skipped: %d%n", t[0], t[1], t[2], t[3]);
        Files.writeString(results, t[0] + " " + t[1] + " " + t[2] + " " + t[3] + "\n");
        System.exit(t[0] > 0 && t[1] == 0 && t[2] == 0 ? 0 : 1);
    }

    /** The fully qualified name of a compiled test class, from the directory or jar this class was loaded from. */
    private static String qualified(String simple) throws Exception {
        Path location = Path.of(GuestTestRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location);
             Stream<Path> files = Files.walk(jar == null ? location : jar.getPath("/"))) {
            Path root = jar == null ? location : jar.getPath("/");
            List<String> found = files.filter(f -> f.getFileName() != null && f.getFileName().toString().equals(simple + ".class"))
                    .map(f -> root.relativize(f).toString().replaceAll("\\.class$", "").replace('/', '.')).toList();
            if (found.size() != 1) throw new IOException("test class " + simple + ": " + (found.isEmpty() ? "not found" : "ambiguous " + found));
            return found.get(0);
        }
    }

    /** Counts per test class (tests, failures, errors, skipped) and prints as classes finish. */
    private static final class PerClass implements TestExecutionListener {
        private final PrintStream out;
        private final Map<String, int[]> counts = new LinkedHashMap<>();
        private final Map<String, Long> started = new LinkedHashMap<>();

        PerClass(PrintStream out) { this.out = out; }

        @Override
        public void executionStarted(TestIdentifier id) {
            String c = classOf(id);
            if (c != null && isClass(id)) {
                started.put(c, System.nanoTime());
                out.println("Running " + c);
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            String c = classOf(id);
            if (c == null) return;
            count(c)[3]++;
            out.println("Skipped " + id.getDisplayName() + " in " + c + ": " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            String c = classOf(id);
            if (c == null) return;
            int[] n = count(c);
            if (id.isTest()) n[0]++;
            if (result.getStatus() == TestExecutionResult.Status.ABORTED) { // an assumption failed: skipped
                n[3]++;
                out.println("Skipped " + id.getDisplayName() + " in " + c + ": "
                        + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
            } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                boolean assertion = result.getThrowable().map(e -> e instanceof AssertionError).orElse(false);
                n[assertion ? 1 : 2]++;
                out.println((assertion ? "FAILURE " : "ERROR ") + c + " " + id.getDisplayName());
                result.getThrowable().ifPresent(e -> e.printStackTrace(out));
            }
            if (isClass(id)) {
                double s = (System.nanoTime() - started.getOrDefault(c, System.nanoTime())) / 1e9;
                out.printf("Tests run: %d, Failures: %d, Errors: %d, Skipped: %d, Time elapsed: %.1f s -- in %s%n", n[0], n[1], n[2], n[3], s, c);
            }
        }

        int[] totals() {
            int[] t = new int[4];
            for (int[] n : counts.values()) for (int i = 0; i < 4; i++) t[i] += n[i];
            return t;
        }

        private int[] count(String c) { return counts.computeIfAbsent(c, k -> new int[4]); }

        private static boolean isClass(TestIdentifier id) {
            return id.getSource().map(s -> s instanceof ClassSource).orElse(false);
        }

        private static String classOf(TestIdentifier id) {
            TestSource s = id.getSource().orElse(null);
            if (s instanceof ClassSource c) return c.getClassName();
            if (s instanceof MethodSource m) return m.getClassName();
            return null;
        }
    }
}
