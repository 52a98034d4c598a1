package dev.bpftop.enrich.gpu;

import dev.bpftop.testing.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stand-in NVML (src/test/c/fake_nvml.c), compiled with gcc into target/ once per run. Each
 * {@link #install} makes its own copy: a different file is a different dlopen, with its own state.
 */
final class FakeNvml {
    private static final Path SOURCE = Path.of("src/test/c/fake_nvml.c");
    private static final Path DIR = Path.of("target/fake-nvml").toAbsolutePath();
    private static final AtomicInteger COPIES = new AtomicInteger();
    private static Path built;

    private FakeNvml() {}

    /** A fresh copy of the library whose nvmlInit_v2 reads {@code script} (see fake_nvml.c); returns its path. */
    static Path install(String script) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(DIR.resolve(ProcessHandle.current().pid() + "-" + COPIES.incrementAndGet()));
        Path lib = dir.resolve(NvmlLoader.LIBRARY);
        Path scriptFile = Path.of(lib + ".script");
        // Removed at exit, in reverse order; a mapped library may be unlinked while in use.
        for (Path p : List.of(dir, lib, scriptFile, Path.of(lib + ".trace"))) p.toFile().deleteOnExit();
        Files.copy(build(), lib, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(scriptFile, script);
        return lib;
    }

    private static synchronized Path build() throws IOException, InterruptedException {
        if (built != null) return built;
        Require.that(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc to build the stand-in NVML");
        Files.createDirectories(DIR);
        Path out = DIR.resolve("libfake_nvml.so");
        Process gcc = new ProcessBuilder("gcc", "-Wall", "-Werror", "-shared", "-fPIC", "-o", out.toString(), SOURCE.toString())
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes());
        if (gcc.waitFor() != 0) throw new IOException("gcc failed on " + SOURCE + ":\n" + log);
        built = out;
        return out;
    }
}
