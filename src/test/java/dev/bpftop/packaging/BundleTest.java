package dev.bpftop.packaging;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained bundle (bin/package bundle), unpacked somewhere else and run with nothing but
 * /usr/bin:/bin on PATH and no JAVA_HOME: it must answer queries on its own runtime, use its AOT
 * cache, and fall back silently (exit 0, empty stderr) when the cache is missing, stale or damaged.
 */
class BundleTest {
    private static final String QUERY = "SELECT count(*) AS n FROM processes";

    @TempDir
    static Path work;
    private static Path bundle;
    /** The only directory on PATH: the tools the launcher and the test use, and certainly no java. */
    private static Path noJava;

    @BeforeAll
    static void buildAndUnpack() throws Exception {
        noJava = Files.createDirectory(work.resolve("path"));
        for (String tool : List.of("bash", "dirname", "readlink", "stat", "tar", "gzip", "cp")) {
            Files.createSymbolicLink(noJava.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        Path tarball = newestTarball();
        if (tarball == null || Files.getLastModifiedTime(tarball).compareTo(Files.getLastModifiedTime(Path.of("target/bpftop.jar"))) < 0) {
            Result r = run(Map.of(), Path.of("."), "bin/package", "bundle");
            assertEquals(0, r.exit, r.err + r.out);
            tarball = newestTarball();
        }
        assertNotNull(tarball, "bin/package bundle made no tarball");
        Result r = run(Map.of(), Path.of("."), "tar", "-C", work.toString(), "-xzf", tarball.toString());
        assertEquals(0, r.exit, r.err);
        try (Stream<Path> s = Files.list(work)) {
            bundle = s.filter(p -> p.getFileName().toString().startsWith("bpftop-")).findFirst().orElseThrow();
        }
    }

    @Test
    void runsWithoutAnyJavaOnThePathAndUsesItsCache() throws Exception {
        assertOk(query(bundle, Map.of()));
        assertTrue(mainFromCache(bundle));
    }

    @Test
    void takesCalcitesGeneratedClassesFromItsStore() throws Exception {
        // A cache of its own: a plan kept by another test's run would leave nothing to compile.
        Path cache = Files.createTempDirectory(work, "cache");
        Result r = run(Map.of("XDG_CACHE_HOME", cache.toString()), work, bundle.resolve("bin/bpftop").toString(), "--backend", "procfs", "--verbose", "-e", QUERY);
        assertEquals(0, r.exit, r.err);
        var summary = java.util.regex.Pattern.compile("generated code: (\\d+) sources to compile, (\\d+) found compiled in the build's store$",
                java.util.regex.Pattern.MULTILINE).matcher(r.err);
        assertTrue(summary.find(), r.err);
        assertTrue(Integer.parseInt(summary.group(1)) > 0, r.err);
        assertEquals(summary.group(1), summary.group(2), "the training run compiled all of these: " + r.err);
    }

    @Test
    void keepsAOneLinersPlanForItsNextRunInTheUsersCache() throws Exception {
        Path cache = Files.createTempDirectory(work, "cache");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        List<String> args = List.of(bundle.resolve("bin/bpftop").toString(), "--backend", "procfs", "--format", "tsv", "--verbose", "-e", QUERY);
        Result first = run(env, work, args.toArray(String[]::new));
        assertEquals(0, first.exit, first.err);
        assertTrue(first.err.contains("plan: kept for the next run"), first.err);
        Path plans = cache.resolve("bpftop/plans");
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(plans)));
        Result again = run(env, work, args.toArray(String[]::new));
        assertEquals(0, again.exit, again.err);
        assertTrue(again.err.contains("plan: kept from an earlier run"), again.err);
        assertTrue(again.out.strip().matches("n\\s+\\d+"), again.out);
        // A directory others may write is not one to load code from: planned afresh, silently.
        Files.setPosixFilePermissions(plans, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Result shared = run(env, work, args.toArray(String[]::new));
        assertEquals(0, shared.exit, shared.err);
        assertFalse(shared.err.contains("plan:"), shared.err);
        assertTrue(shared.out.strip().matches("n\\s+\\d+"), shared.out);
    }

    @Test
    void damagedCompiledCodeStoreMeansCompilingAgain() throws Exception {
        Path copy = copyOf("damaged-store");
        Path store = copy.resolve("lib/bpftop.compiled");
        byte[] all = Files.readAllBytes(bundle.resolve("lib/bpftop.compiled"));
        Files.delete(store);
        Files.write(store, java.util.Arrays.copyOf(all, all.length / 2));
        assertOk(query(copy, Map.of()));
    }

    @Test
    void missingCacheFallsBackSilently() throws Exception {
        Path copy = copyOf("missing");
        Files.delete(copy.resolve("lib/bpftop.aot"));
        Files.delete(copy.resolve("lib/bpftop.compiled"));
        assertOk(query(copy, Map.of()));
    }

    @Test
    void cacheFromAnotherJarIsNotUsed() throws Exception {
        Path copy = copyOf("stale");
        Path jar = copy.resolve("lib/bpftop.jar");
        // A different jar with the old cache and stamp next to it: one more entry is enough.
        Files.delete(jar);
        Files.copy(bundle.resolve("lib/bpftop.jar"), jar);
        Path extra = Files.writeString(work.resolve("extra.txt"), "changed");
        Result u = run(Map.of(), work, Path.of(System.getProperty("java.home"), "bin/jar").toString(), "uf", jar.toString(), "extra.txt");
        assertEquals(0, u.exit, u.err);
        Files.delete(extra);
        assertOk(query(copy, Map.of()));
        assertFalse(mainFromCache(copy), "the stale cache must not be used");
    }

    @Test
    void damagedCacheThatPassesTheStampIsSilencedByTheJvm() throws Exception {
        Path copy = copyOf("damaged");
        Path cache = copy.resolve("lib/bpftop.aot");
        byte[] head = new byte[1 << 20];
        try (var in = Files.newInputStream(bundle.resolve("lib/bpftop.aot"))) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        Files.delete(cache);
        Files.write(cache, head);
        assertOk(query(copy, Map.of()));
        assertFalse(mainFromCache(copy));
    }

    @Test
    void shipsCompletionAndManPage() throws Exception {
        String completion = Files.readString(bundle.resolve("share/bash-completion/completions/bpftop"));
        assertTrue(completion.contains("complete -F") && completion.contains("--format"), completion);
        String man = Files.readString(bundle.resolve("share/man/man1/bpftop.1"));
        assertTrue(man.contains(".TH \"BPFTOP\"") && man.contains("\\-\\-sample"), man);
    }

    private static void assertOk(Result r) {
        assertEquals(0, r.exit, r.err);
        assertEquals("", r.err, "nothing on stderr");
        assertTrue(r.out.strip().matches("n\\s+\\d+"), r.out);
    }

    /** Whether the JVM took bpftop's main class from the AOT cache rather than from the jar. */
    private static boolean mainFromCache(Path root) throws Exception {
        Path log = Files.createTempFile(work, "classload", ".log");
        Result r = query(root, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log));
        assertEquals(0, r.exit, r.err);
        String main = Files.readAllLines(log).stream().filter(l -> l.contains(" dev.bpftop.cli.Main "))
                .findFirst().orElseThrow();
        return main.endsWith("source: shared objects file");
    }

    /** Through /proc: without root, auto's one-line BPF fallback notice would be on stderr. */
    private static Result query(Path root, Map<String, String> env) throws Exception {
        return run(env, work, root.resolve("bin/bpftop").toString(), "--backend", "procfs", "--format", "tsv", "-e", QUERY);
    }

    /** A copy of the bundle sharing the big files by hard link; tests replace files, never edit them. */
    private static Path copyOf(String name) throws Exception {
        Path copy = work.resolve(name);
        Result r = run(Map.of(), work, "cp", "-al", bundle.toString(), copy.toString());
        assertEquals(0, r.exit, r.err);
        return copy;
    }

    private static Path newestTarball() throws IOException {
        Path dist = Path.of("dist");
        if (!Files.isDirectory(dist)) return null;
        try (Stream<Path> s = Files.list(dist)) {
            return s.filter(p -> p.getFileName().toString().matches("bpftop-.*-linux-.*\\.tar\\.gz"))
                    .max((a, b) -> a.toFile().lastModified() < b.toFile().lastModified() ? -1 : 1).orElse(null);
        }
    }

    private record Result(int exit, String out, String err) {}

    /** Runs a command with a bare environment: a PATH of a few tools and no java, plus {@code env}. */
    private static Result run(Map<String, String> env, Path dir, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        if (!command[0].startsWith("bin/")) {
            pb.environment().clear();
            pb.environment().put("PATH", noJava.toString());
        }
        pb.environment().putAll(env);
        File out = Files.createTempFile(work, "out", ".txt").toFile();
        File err = Files.createTempFile(work, "err", ".txt").toFile();
        Process p = pb.redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
