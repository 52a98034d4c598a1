package dev.bpftop.bpf;

import dev.bpftop.collect.CWords;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * The dozen libbpf and libc functions the collector needs, bound by hand through FFM downcalls.
 * libbpf 1.x reports failures as NULL or a negative return with errno set, so every call that can
 * fail captures errno. libbpf's log (the verifier's complaints included) is kept by
 * {@link LibBpfLog} once a load has failed ({@link #explained}), so a load failure can explain itself.
 */
final class LibBpf {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final AddressLayout PTR = ValueLayout.ADDRESS;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    /*
     * Every call passes its arguments and result as 64-bit words (CWords), so calls of one arity and
     * errno capture share one FFM stub; each distinct one costs a cold start several milliseconds.
     */

    private static LibBpf instance;

    private final MethodHandle openMem, findProgram, setAutoload, findMap, setAutocreate, setInitialValue, mapFd,
            maxEntries, setMaxEntries, objectLoad, attachIter, linkFd,
            iterCreate, linkDestroy, objectClose, read, close;
    private final LibBpfLog log;
    private final SymbolLookup bpf;
    /** Bound on first use: only a delta walk that lost its rows calls it, and each new stub costs start-up time. */
    private MethodHandle updateElem;
    /** glibc's malloc_trim, or null under a C library without it. */
    private final MethodHandle mallocTrim;

    private LibBpf(SymbolLookup bpf) {
        this.bpf = bpf;
        SymbolLookup libc = LINKER.defaultLookup();
        openMem = bind(bpf, "bpf_object__open_mem", true);
        findProgram = bind(bpf, "bpf_object__find_program_by_name", true);
        setAutoload = bind(bpf, "bpf_program__set_autoload", false);
        findMap = bind(bpf, "bpf_object__find_map_by_name", true);
        setAutocreate = bind(bpf, "bpf_map__set_autocreate", false);
        setInitialValue = bind(bpf, "bpf_map__set_initial_value", false);
        mapFd = bind(bpf, "bpf_map__fd", false);
        maxEntries = bind(bpf, "bpf_map__max_entries", false);
        setMaxEntries = bind(bpf, "bpf_map__set_max_entries", false);
        objectLoad = bind(bpf, "bpf_object__load", false);
        attachIter = bind(bpf, "bpf_program__attach_iter", true);
        linkFd = bind(bpf, "bpf_link__fd", false);
        iterCreate = bind(bpf, "bpf_iter_create", true);
        linkDestroy = bind(bpf, "bpf_link__destroy", false);
        objectClose = bind(bpf, "bpf_object__close", false);
        read = bind(libc, "read", true);
        close = bind(libc, "close", true);
        mallocTrim = libc.find("malloc_trim").isPresent() ? bind(libc, "malloc_trim", false) : null;
        log = new LibBpfLog(bind(bpf, "libbpf_set_print", false));
    }

    /**
     * The process-wide binding; libbpf's print hook is global, so there is one.
     *
     * @throws BpfUnavailableException when libbpf.so.1 cannot be loaded
     */
    static synchronized LibBpf get() {
        if (instance == null) {
            SymbolLookup bpf;
            try {
                bpf = SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
            } catch (IllegalArgumentException e) {
                throw new BpfUnavailableException("libbpf.so.1 not found (install libbpf1)");
            }
            instance = new LibBpf(bpf);
        }
        return instance;
    }

    /** {@code name} as a {@link CWords} handle, with the call state first if {@code errno}. */
    private static MethodHandle bind(SymbolLookup lookup, String name, boolean errno) {
        if (lookup.find(name).isEmpty()) throw new BpfUnavailableException("libbpf.so.1 lacks " + name + " (need libbpf 1.0 or later)");
        return CWords.bind(lookup, name, errno);
    }

    private static MemorySegment pointer(long word) { return MemorySegment.ofAddress(word); }

    /**
     * {@code load}'s result; when it fails while libbpf's log is off, it runs once more with the log
     * kept, so that the failure explains itself (the verifier's complaint). Failures are rare and
     * quick beside the ~15 ms the log costs every successful load.
     */
    <T> T explained(java.util.function.Supplier<T> load) {
        try {
            return load.get();
        } catch (BpfUnavailableException e) {
            if (log.installed()) throw e;
            keepLog();
            return load.get();
        }
    }

    /** Keeps libbpf's log from now on (for loads whose failures cannot simply be run again). */
    void keepLog() {
        log.install();
        log.drain();
    }

    /** libbpf silent again, as in a fresh process (tests). */
    void silenceLog() { log.uninstall(); }

    /** libbpf's recent log lines, oldest first, and forgets them. */
    String drainLog() { return log.drain(); }

    /** libbpf's debug lines while {@code action} runs (see {@link LibBpfLog#debugLog}). */
    List<String> debugLog(Runnable action) { return log.debugLog(action); }

    MemorySegment openMem(MemorySegment object) { return openMem(object, null); }

    /** @param btf the BTF CO-RE relocations read instead of the kernel's (see {@link MinimalBtf}); null: the kernel's */
    MemorySegment openMem(MemorySegment object, java.nio.file.Path btf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            long opts = btf == null ? 0L : MinimalBtf.openOptions(arena, btf).address();
            MemorySegment obj = pointer(CWords.call(openMem, state, object.address(), object.byteSize(), opts));
            if (obj.equals(MemorySegment.NULL)) throw failure("bpf_object__open_mem", errno(state));
            return obj;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /**
     * Opens an ELF image copied into {@code arena}, which must live as long as the object: libbpf
     * reads the image until the object is closed. Closes the arena when the open fails.
     */
    MemorySegment openMem(byte[] elf, Arena arena) { return openMem(elf, arena, null); }

    MemorySegment openMem(byte[] elf, Arena arena, java.nio.file.Path btf) {
        try {
            MemorySegment image = arena.allocate(elf.length);
            image.copyFrom(MemorySegment.ofArray(elf));
            return openMem(image, btf);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    MemorySegment findProgram(MemorySegment obj, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment prog = pointer(CWords.call(findProgram, callState(arena), obj.address(), arena.allocateFrom(name).address()));
            if (prog.equals(MemorySegment.NULL)) throw new BpfUnavailableException("BPF object has no program " + name);
            return prog;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void setAutoload(MemorySegment prog, boolean autoload) {
        try {
            int rc = (int) CWords.call(setAutoload, prog.address(), autoload ? 1L : 0L);
            if (rc < 0) throw failure("bpf_program__set_autoload", -rc);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    MemorySegment findMap(MemorySegment obj, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment map = pointer(CWords.call(findMap, callState(arena), obj.address(), arena.allocateFrom(name).address()));
            if (map.equals(MemorySegment.NULL)) throw new BpfUnavailableException("BPF object has no map " + name);
            return map;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void setAutocreate(MemorySegment map, boolean autocreate) {
        try {
            int rc = (int) CWords.call(setAutocreate, map.address(), autocreate ? 1L : 0L);
            if (rc < 0) throw failure("bpf_map__set_autocreate", -rc);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** Sets a map's max_entries before the object is loaded (for a ring buffer: its bytes, a power of two). */
    void setMaxEntries(MemorySegment map, long entries) {
        try {
            int rc = (int) CWords.call(setMaxEntries, map.address(), (long) (int) entries);
            if (rc < 0) throw failure("bpf_map__set_max_entries", -rc);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** Replaces a global data section's contents (e.g. ".rodata") before the object is loaded. */
    void setInitialValue(MemorySegment map, MemorySegment data) {
        try {
            int rc = (int) CWords.call(setInitialValue, map.address(), data.address(), data.byteSize());
            if (rc < 0) throw failure("bpf_map__set_initial_value", -rc);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    int mapFd(MemorySegment map) {
        try {
            return (int) CWords.call(mapFd, map.address());
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A map's max_entries (for a ring buffer: the bytes of its data area). */
    long maxEntries(MemorySegment map) {
        try {
            return Integer.toUnsignedLong((int) CWords.call(maxEntries, map.address()));
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, SC_PAGESIZE = 30;
    private MethodHandle mmap, munmap, sysconf;

    /** The size of a memory page (sysconf(_SC_PAGESIZE)). */
    synchronized long pageSize() {
        if (sysconf == null) sysconf = CWords.libc("sysconf", false);
        try {
            return CWords.call(sysconf, (long) SC_PAGESIZE);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A shared mapping of {@code length} bytes of {@code fd} (a BPF map) at {@code offset}; free it with {@link #munmap}. */
    synchronized MemorySegment mmap(long length, boolean writable, int fd, long offset) {
        if (mmap == null) {
            mmap = CWords.libc("mmap", true);
            munmap = CWords.libc("munmap", false);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment at = pointer(CWords.call(mmap, state, 0L, length,
                    (long) (writable ? PROT_READ | PROT_WRITE : PROT_READ), (long) MAP_SHARED, (long) fd, offset));
            if (at.address() == -1L) throw new BpfUnavailableException("mmap of a BPF map: " + Errno.describe(errno(state)));
            return at.reinterpret(length);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    synchronized void munmap(MemorySegment mapping) {
        try {
            long rc = CWords.call(munmap, mapping.address(), mapping.byteSize());
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** bpf_map_update_elem(2) of one element (BPF_ANY). */
    synchronized void updateElement(int mapFd, MemorySegment key, MemorySegment value) {
        if (updateElem == null) updateElem = bind(bpf, "bpf_map_update_elem", false);
        try {
            int rc = (int) CWords.call(updateElem, (long) mapFd, key.address(), value.address(), 0L);
            if (rc < 0) throw new IllegalStateException("bpf_map_update_elem: " + Errno.describe(-rc));
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** @return 0, or the positive errno the load failed with */
    int load(MemorySegment obj) {
        try {
            int rc = (int) CWords.call(objectLoad, obj.address()); // libbpf returns -errno
            // The load parsed the kernel's BTF for CO-RE (5.4 MB here) and freed what it built;
            // glibc keeps freed memory until trimmed, so a live view carried it for its first
            // seconds (the JVM trims every 5 s): a peak ~14 MB above the procfs backend's.
            if (mallocTrim != null) {
                long ignored = CWords.call(mallocTrim, 0L);
            }
            return rc < 0 ? -rc : 0;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    MemorySegment attachIter(MemorySegment prog) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = callState(arena);
            MemorySegment link = pointer(CWords.call(attachIter, state, prog.address(), 0L));
            if (link.equals(MemorySegment.NULL)) throw failure("bpf_program__attach_iter", errno(state));
            return link;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /**
     * A task or task_file iterator over one process only (bpf_iter_link_info.task.pid, 6.1+), so
     * that its walk costs that process's tasks, not every task's.
     */
    MemorySegment attachIter(MemorySegment prog, int pid) {
        try (Arena arena = Arena.ofConfined()) {
            // union bpf_iter_link_info: task = { __u32 tid; __u32 pid; __u32 pid_fd; }, the union 16 bytes
            MemorySegment info = arena.allocate(16, 8);
            info.set(INT, 4, pid);
            // struct bpf_iter_attach_opts { size_t sz; union bpf_iter_link_info *link_info; __u32 link_info_len; }
            MemorySegment opts = arena.allocate(24, 8);
            opts.set(LONG, 0, 24L);
            opts.set(PTR, 8, info);
            opts.set(INT, 16, 16);
            MemorySegment state = callState(arena);
            MemorySegment link = pointer(CWords.call(attachIter, state, prog.address(), opts.address()));
            if (link.equals(MemorySegment.NULL)) throw failure("bpf_program__attach_iter", errno(state));
            return link;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    int linkFd(MemorySegment link) {
        try {
            return (int) CWords.call(linkFd, link.address());
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A fresh iterator fd: each one walks the task list once as it is read. */
    int iterCreate(int linkFd, MemorySegment state) {
        try {
            int fd = (int) CWords.call(iterCreate, state, (long) linkFd);
            if (fd < 0) throw new IllegalStateException("bpf_iter_create: " + Errno.describe(errno(state)));
            return fd;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** read(2); returns bytes read, 0 at the end; EINTR is retried by the caller. */
    long read(int fd, MemorySegment buf, long offset, long count, MemorySegment state) {
        try {
            long n = CWords.call(read, state, (long) fd, buf.asSlice(offset).address(), count);
            if (n < 0) {
                int errno = errno(state);
                if (errno == Errno.EINTR) return read(fd, buf, offset, count, state);
                throw new IllegalStateException("reading the task iterator: " + Errno.describe(errno));
            }
            return n;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            // Nothing to do about a failed close of a read-only iterator fd.
            long rc = CWords.call(close, callState(arena), (long) fd);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void destroyLink(MemorySegment link) {
        try {
            long rc = CWords.call(linkDestroy, link.address());
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void closeObject(MemorySegment obj) {
        try {
            long unused = CWords.call(objectClose, obj.address());
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A segment to pass as the captured call state of {@link #iterCreate} and {@link #read}. */
    static MemorySegment callState(Arena arena) { return arena.allocate(CWords.CALL_STATE); }

    private static RuntimeException unchecked(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    private static int errno(MemorySegment state) { return CWords.errno(state); }

    private BpfUnavailableException failure(String call, int errno) {
        String why = call + ": " + Errno.describe(errno);
        String logged = drainLog();
        return new BpfUnavailableException(logged.isEmpty() ? why : why + "\n" + logged);
    }
}
