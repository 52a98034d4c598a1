package dev.bpftop.bpf;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The dozen libbpf and libc functions the collector needs, bound by hand through FFM downcalls.
 * libbpf 1.x reports failures as NULL or a negative return with errno set, so every call that can
 * fail captures errno. libbpf's log (the verifier's complaints included) is kept by
 * {@link LibBpfLog}, so a load failure can explain itself.
 */
final class LibBpf {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final AddressLayout PTR = ValueLayout.ADDRESS;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");
    /*
     * Functions of one C signature (and errno capture) share one FFM stub, and each distinct one
     * costs a cold start several milliseconds to spin up: so the two lookups capture errno as
     * bpf_program__attach_iter must, and close(2) as bpf_iter_create must.
     */
    private static final FunctionDescriptor PTR_PTR_TO_PTR = FunctionDescriptor.of(PTR, PTR, PTR);
    private static final FunctionDescriptor PTR_TO_INT = FunctionDescriptor.of(INT, PTR);
    private static final FunctionDescriptor PTR_TO_VOID = FunctionDescriptor.ofVoid(PTR);
    private static final FunctionDescriptor INT_TO_INT = FunctionDescriptor.of(INT, INT);

    private static LibBpf instance;

    private final MethodHandle openMem, findProgram, setAutoload, findMap, setAutocreate, setInitialValue, mapFd,
            maxEntries, setMaxEntries, objectLoad, attachIter, linkFd,
            iterCreate, linkDestroy, objectClose, read, close;
    private final LibBpfLog log = new LibBpfLog();
    private final SymbolLookup bpf;
    /** Bound on first use: only a delta walk that lost its rows calls it, and each new stub costs start-up time. */
    private MethodHandle updateElem;

    private LibBpf(SymbolLookup bpf) {
        this.bpf = bpf;
        SymbolLookup libc = LINKER.defaultLookup();
        openMem = bind(bpf, "bpf_object__open_mem", FunctionDescriptor.of(PTR, PTR, LONG, PTR), true);
        findProgram = bind(bpf, "bpf_object__find_program_by_name", PTR_PTR_TO_PTR, true);
        setAutoload = bind(bpf, "bpf_program__set_autoload", FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_BOOLEAN), false);
        findMap = bind(bpf, "bpf_object__find_map_by_name", PTR_PTR_TO_PTR, true);
        setAutocreate = bind(bpf, "bpf_map__set_autocreate", FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_BOOLEAN), false);
        setInitialValue = bind(bpf, "bpf_map__set_initial_value", FunctionDescriptor.of(INT, PTR, PTR, LONG), false);
        mapFd = bind(bpf, "bpf_map__fd", PTR_TO_INT, false);
        maxEntries = bind(bpf, "bpf_map__max_entries", PTR_TO_INT, false);
        setMaxEntries = bind(bpf, "bpf_map__set_max_entries", FunctionDescriptor.of(INT, PTR, INT), false);
        objectLoad = bind(bpf, "bpf_object__load", PTR_TO_INT, false);
        attachIter = bind(bpf, "bpf_program__attach_iter", PTR_PTR_TO_PTR, true);
        linkFd = bind(bpf, "bpf_link__fd", PTR_TO_INT, false);
        iterCreate = bind(bpf, "bpf_iter_create", INT_TO_INT, true);
        linkDestroy = bind(bpf, "bpf_link__destroy", PTR_TO_INT, false);
        objectClose = bind(bpf, "bpf_object__close", PTR_TO_VOID, false);
        read = bind(libc, "read", FunctionDescriptor.of(LONG, INT, PTR, LONG), true);
        close = bind(libc, "close", INT_TO_INT, true);
        log.install(bind(bpf, "libbpf_set_print", FunctionDescriptor.of(PTR, PTR), false));
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

    private static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor fd, boolean errno) {
        MemorySegment sym = lookup.find(name).orElseThrow(
                () -> new BpfUnavailableException("libbpf.so.1 lacks " + name + " (need libbpf 1.0 or later)"));
        return errno ? LINKER.downcallHandle(sym, fd, ERRNO_OPT) : LINKER.downcallHandle(sym, fd);
    }

    /** libbpf's recent log lines, oldest first, and forgets them. */
    String drainLog() { return log.drain(); }

    /** libbpf's debug lines while {@code action} runs (see {@link LibBpfLog#debugLog}). */
    List<String> debugLog(Runnable action) { return log.debugLog(action); }

    MemorySegment openMem(MemorySegment object) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment obj = (MemorySegment) openMem.invokeExact(state, object, object.byteSize(), MemorySegment.NULL);
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
    MemorySegment openMem(byte[] elf, Arena arena) {
        try {
            MemorySegment image = arena.allocate(elf.length);
            image.copyFrom(MemorySegment.ofArray(elf));
            return openMem(image);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    MemorySegment findProgram(MemorySegment obj, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment prog = (MemorySegment) findProgram.invokeExact(arena.allocate(CALL_STATE), obj, arena.allocateFrom(name));
            if (prog.equals(MemorySegment.NULL)) throw new BpfUnavailableException("BPF object has no program " + name);
            return prog;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void setAutoload(MemorySegment prog, boolean autoload) {
        try {
            int rc = (int) setAutoload.invokeExact(prog, autoload);
            if (rc < 0) throw failure("bpf_program__set_autoload", -rc);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    MemorySegment findMap(MemorySegment obj, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment map = (MemorySegment) findMap.invokeExact(arena.allocate(CALL_STATE), obj, arena.allocateFrom(name));
            if (map.equals(MemorySegment.NULL)) throw new BpfUnavailableException("BPF object has no map " + name);
            return map;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void setAutocreate(MemorySegment map, boolean autocreate) {
        try {
            int rc = (int) setAutocreate.invokeExact(map, autocreate);
            if (rc < 0) throw failure("bpf_map__set_autocreate", -rc);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** Sets a map's max_entries before the object is loaded (for a ring buffer: its bytes, a power of two). */
    void setMaxEntries(MemorySegment map, long entries) {
        try {
            int rc = (int) setMaxEntries.invokeExact(map, (int) entries);
            if (rc < 0) throw failure("bpf_map__set_max_entries", -rc);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** Replaces a global data section's contents (e.g. ".rodata") before the object is loaded. */
    void setInitialValue(MemorySegment map, MemorySegment data) {
        try {
            int rc = (int) setInitialValue.invokeExact(map, data, data.byteSize());
            if (rc < 0) throw failure("bpf_map__set_initial_value", -rc);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    int mapFd(MemorySegment map) {
        try {
            return (int) mapFd.invokeExact(map);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A map's max_entries (for a ring buffer: the bytes of its data area). */
    long maxEntries(MemorySegment map) {
        try {
            return Integer.toUnsignedLong((int) maxEntries.invokeExact(map));
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, SC_PAGESIZE = 30;
    private MethodHandle mmap, munmap, sysconf;

    /** The size of a memory page (sysconf(_SC_PAGESIZE)). */
    synchronized long pageSize() {
        if (sysconf == null) sysconf = bind(LINKER.defaultLookup(), "sysconf", FunctionDescriptor.of(LONG, INT), false);
        try {
            return (long) sysconf.invokeExact(SC_PAGESIZE);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A shared mapping of {@code length} bytes of {@code fd} (a BPF map) at {@code offset}; free it with {@link #munmap}. */
    synchronized MemorySegment mmap(long length, boolean writable, int fd, long offset) {
        if (mmap == null) {
            mmap = bind(LINKER.defaultLookup(), "mmap", FunctionDescriptor.of(PTR, PTR, LONG, INT, INT, INT, LONG), true);
            munmap = bind(LINKER.defaultLookup(), "munmap", FunctionDescriptor.of(INT, PTR, LONG), false);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment at = (MemorySegment) mmap.invokeExact(state, MemorySegment.NULL, length,
                    writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, offset);
            if (at.address() == -1L) throw new BpfUnavailableException("mmap of a BPF map: " + Errno.describe(errno(state)));
            return at.reinterpret(length);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    synchronized void munmap(MemorySegment mapping) {
        try {
            int rc = (int) munmap.invokeExact(mapping, mapping.byteSize());
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** bpf_map_update_elem(2) of one element (BPF_ANY). */
    synchronized void updateElement(int mapFd, MemorySegment key, MemorySegment value) {
        if (updateElem == null) updateElem = bind(bpf, "bpf_map_update_elem", FunctionDescriptor.of(INT, INT, PTR, PTR, LONG), false);
        try {
            int rc = (int) updateElem.invokeExact(mapFd, key, value, 0L);
            if (rc < 0) throw new IllegalStateException("bpf_map_update_elem: " + Errno.describe(-rc));
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** @return 0, or the positive errno the load failed with */
    int load(MemorySegment obj) {
        try {
            int rc = (int) objectLoad.invokeExact(obj); // libbpf returns -errno
            return rc < 0 ? -rc : 0;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    MemorySegment attachIter(MemorySegment prog) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment link = (MemorySegment) attachIter.invokeExact(state, prog, MemorySegment.NULL);
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
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment link = (MemorySegment) attachIter.invokeExact(state, prog, opts);
            if (link.equals(MemorySegment.NULL)) throw failure("bpf_program__attach_iter", errno(state));
            return link;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    int linkFd(MemorySegment link) {
        try {
            return (int) linkFd.invokeExact(link);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A fresh iterator fd: each one walks the task list once as it is read. */
    int iterCreate(int linkFd, MemorySegment state) {
        try {
            int fd = (int) iterCreate.invokeExact(state, linkFd);
            if (fd < 0) throw new IllegalStateException("bpf_iter_create: " + Errno.describe(errno(state)));
            return fd;
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** read(2); returns bytes read, 0 at the end; EINTR is retried by the caller. */
    long read(int fd, MemorySegment buf, long offset, long count, MemorySegment state) {
        try {
            long n = (long) read.invokeExact(state, fd, buf.asSlice(offset), count);
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
            int rc = (int) close.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void destroyLink(MemorySegment link) {
        try {
            int rc = (int) linkDestroy.invokeExact(link);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    void closeObject(MemorySegment obj) {
        try {
            objectClose.invokeExact(obj);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A segment to pass as the captured call state of {@link #iterCreate} and {@link #read}. */
    static MemorySegment callState(Arena arena) { return arena.allocate(CALL_STATE); }

    private static RuntimeException unchecked(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    private static int errno(MemorySegment state) { return (int) ERRNO.get(state, 0L); }

    private BpfUnavailableException failure(String call, int errno) {
        String why = call + ": " + Errno.describe(errno);
        String logged = drainLog();
        return new BpfUnavailableException(logged.isEmpty() ? why : why + "\n" + logged);
    }
}
