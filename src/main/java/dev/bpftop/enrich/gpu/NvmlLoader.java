package dev.bpftop.enrich.gpu;

import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds libnvidia-ml.so.1, loads it and calls nvmlInit_v2, once per location for the life of the
 * JVM; nvmlShutdown runs at exit. Nothing happens until a query first needs GPU data.
 */
final class NvmlLoader {
    /** Overrides where to look (a path to the library), for tests and unusual installs. */
    static final String PROPERTY = "bpftop.nvml.lib", ENV = "BPFTOP_NVML_LIB";
    static final String LIBRARY = "libnvidia-ml.so.1";
    private static final List<String> SEARCH = List.of(LIBRARY, "/run/opengl-driver/lib/" + LIBRARY, "/usr/lib/wsl/lib/" + LIBRARY);
    /** One of these exists wherever NVML can work: the kernel module's proc directory, or WSL's GPU device. */
    private static final List<Path> DRIVER_SIGNS = List.of(Path.of("/proc/driver/nvidia"), Path.of("/dev/dxg"));

    /** Either an initialised NVML or why there is none. */
    record Result(Nvml nvml, String problem) {}

    private static final Map<List<String>, Result> OPENED = new ConcurrentHashMap<>();

    private NvmlLoader() {}

    /**
     * The override if set; else the dynamic loader's search path, then NixOS's driver directory
     * (/run/opengl-driver/lib) and WSL's, which are not on it.
     */
    static List<String> defaultCandidates() {
        String override = System.getProperty(PROPERTY, System.getenv(ENV));
        if (override != null && !override.isBlank()) return List.of(override);
        return SEARCH;
    }

    static Result open(List<String> candidates) {
        return OPENED.computeIfAbsent(List.copyOf(candidates), NvmlLoader::load);
    }

    private static Result load(List<String> candidates) {
        // Without the kernel driver NVML cannot start; checking first spares JNA's start-up and a
        // dlopen search on the many machines with no NVIDIA GPU (~0.1-0.4 s against microseconds).
        if (candidates.equals(SEARCH) && DRIVER_SIGNS.stream().noneMatch(Files::exists)) {
            return new Result(null, "no NVIDIA driver (no /proc/driver/nvidia)");
        }
        List<String> failures = new ArrayList<>();
        for (String candidate : candidates) {
            NvmlLibrary lib;
            try {
                lib = Native.load(candidate, NvmlLibrary.class);
            } catch (LinkageError e) {
                failures.add(candidate);
                continue;
            }
            Nvml nvml = new Nvml(lib, candidate);
            int rc;
            try {
                rc = lib.nvmlInit_v2();
            } catch (LinkageError e) {
                return new Result(null, candidate + " is not NVML: " + e.getMessage());
            }
            if (rc != NvmlLibrary.SUCCESS) return new Result(null, "nvmlInit_v2 failed: " + nvml.error(rc));
            Runtime.getRuntime().addShutdownHook(new Thread(nvml::shutdown, "nvml-shutdown"));
            return new Result(nvml, null);
        }
        return new Result(null, "no NVIDIA driver (" + String.join(", ", failures) + " not found)");
    }
}
