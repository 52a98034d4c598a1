package dev.bpftop.bpf;

import static dev.bpftop.collect.UserOnlyFiles.ownedAlone;

import dev.bpftop.collect.UserOnlyFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * The kernel's BTF cut down to the types and fields a BPF object's CO-RE relocations read, made
 * by bpftop's build dependency bpftool ({@code bpftool gen min_core_btf}, libbpf's "BTFGen") and
 * kept per kernel and object. libbpf looks up each relocation's candidate types by scanning every
 * type of the BTF it is given: the kernel's has ~130,000, so the task walk's ~30 relocated types
 * cost a one-liner's BPF start ~40 ms of libbpf's time; a cut one has a few dozen. Verifying the
 * program still reads the kernel's own BTF, so a cut BTF only decides the field offsets
 * relocations take, which it holds as the kernel's BTF has them.
 *
 * <p>Made the first time an object is loaded on a kernel (~0.1 s, once per kernel and build);
 * without bpftool libbpf reads the kernel's BTF as before. The file decides what the walk reads, so
 * it is used only from a directory and file the user alone owns and can write.
 */
final class MinimalBtf {
    /** Where the cut BTFs go; unset: the user's cache, ${XDG_CACHE_HOME:-~/.cache}/bpftop/btf. */
    static final String DIR_ENV = "BPFTOP_BTF_CACHE";
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final List<Path> BPFTOOL = List.of(Path.of("/usr/sbin/bpftool"), Path.of("/usr/bin/bpftool"), Path.of("/sbin/bpftool"));

    /** struct bpf_object_open_opts (libbpf.h): its size, and where btf_custom_path is (since libbpf 0.6). */
    private static final long OPEN_OPTS_SIZE = 80, OPEN_OPTS_BTF_CUSTOM_PATH = 48;

    private MinimalBtf() {}

    /** The options of bpf_object__open_mem that make its CO-RE relocations read {@code btf}; libbpf copies the path. */
    static MemorySegment openOptions(Arena arena, Path btf) {
        MemorySegment opts = arena.allocate(OPEN_OPTS_SIZE);
        opts.set(ValueLayout.JAVA_LONG, 0, OPEN_OPTS_SIZE);
        opts.set(ValueLayout.ADDRESS, OPEN_OPTS_BTF_CUSTOM_PATH, arena.allocateFrom(btf.toString()));
        return opts;
    }

    /** The cut BTF for {@code elf} on this kernel, made now if missing; null when there is none to use. */
    static Path forObject(byte[] elf) {
        try {
            return forObject(elf, directory());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** As {@link #forObject(byte[])}, kept in {@code dir} (which must be the user's alone); null {@code dir}: none. */
    static Path forObject(byte[] elf, Path dir) {
        try {
            int uid = UserOnlyFiles.uid();
            if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !ownedAlone(dir, uid)) return null;
            Path file = dir.resolve(key(elf) + ".btf");
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && ownedAlone(file, uid) ? file : null;
            }
            return make(dir, file, elf);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Drops a cut BTF libbpf would not take (it is made again next time). */
    static void forget(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next load tries it again, and fails over to the kernel's BTF again
        }
    }

    private static Path directory() throws IOException {
        String configured = System.getenv(DIR_ENV);
        Path dir;
        if (configured != null && !configured.isEmpty()) {
            dir = Path.of(configured);
        } else {
            String cache = System.getenv("XDG_CACHE_HOME");
            dir = (cache == null || cache.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache)).resolve("bpftop/btf");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(VMLINUX.getParent()) || BPFTOOL.stream().noneMatch(Files::isExecutable)) return null;
            UserOnlyFiles.makeDirectory(dir);
        }
        return dir;
    }

    /** Names the object and the kernel (its version string, with its build) together. */
    private static String key(byte[] elf) throws IOException {
        CRC32 object = new CRC32(), kernel = new CRC32();
        object.update(elf);
        kernel.update(Files.readAllBytes(Path.of("/proc/version")));
        kernel.update(String.valueOf(Files.size(VMLINUX)).getBytes(StandardCharsets.US_ASCII));
        return Long.toHexString(object.getValue() << 32 | kernel.getValue());
    }

    private static Path make(Path dir, Path file, byte[] elf) throws IOException {
        Path bpftool = BPFTOOL.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (bpftool == null || !Files.isReadable(VMLINUX)) return null;
        Path object = Files.createTempFile(dir, "object", ".o"), made = Files.createTempFile(dir, "btf", ".tmp");
        try {
            Files.write(object, elf);
            Process p = new ProcessBuilder(bpftool.toString(), "gen", "min_core_btf", VMLINUX.toString(), made.toString(), object.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() != 0 || Files.size(made) == 0) return null;
            Files.move(made, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            Files.deleteIfExists(object);
            Files.deleteIfExists(made);
        }
    }

}
