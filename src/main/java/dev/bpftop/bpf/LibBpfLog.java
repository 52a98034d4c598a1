package dev.bpftop.bpf;

import dev.bpftop.collect.CWords;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * libbpf's log, taken through its print hook (an upcall) instead of stderr: the recent warning
 * and info lines, the verifier's complaints among them, so a load failure can explain itself.
 * Until something asks for it ({@link #install}), libbpf prints nothing at all: the upcall's stub
 * and the ~770 calls a load makes through it cost a one-liner's BPF start-up ~15 ms, for lines a
 * successful load throws away (see {@link LibBpf#explained}).
 */
final class LibBpfLog {
    private static final Linker LINKER = Linker.nativeLinker();
    /** libbpf print levels: 0 warn, 1 info, 2 debug. Debug is chatty and never needed to explain a failure. */
    private static final int LIBBPF_INFO = 1;
    private static final int LOG_LINES = 200;
    private static final long FIRST_BUFFER = 2048;
    /** x86-64's va_list: one __va_list_tag. */
    private static final long VA_LIST_BYTES = 24;

    private final Deque<String> log = new ArrayDeque<>();
    /** Set only while {@link #debugLog} runs. */
    private volatile List<String> debugLines;

    private final MethodHandle setPrint;
    private boolean installed;

    /** Silences libbpf (its default printer writes to stderr) until {@link #install}. */
    LibBpfLog(MethodHandle setPrint) {
        this.setPrint = setPrint;
        try {
            CWords.call(setPrint, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot silence libbpf's log", e);
        }
    }

    synchronized boolean installed() { return installed; }

    /** Silent again, as in a process that has not yet failed a load (tests of {@link LibBpf#explained}). */
    synchronized void uninstall() {
        try {
            CWords.call(setPrint, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot silence libbpf's log", e);
        }
        installed = false;
        drain();
    }

    /** Takes libbpf's lines from now on, through {@code libbpf_set_print}; once. */
    synchronized void install() {
        if (installed) return;
        installed = true;
        try {
            MethodHandle target = MethodHandles.lookup().findVirtual(LibBpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class)).bindTo(this);
            MemorySegment stub = LINKER.upcallStub(target,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), Arena.global());
            CWords.call(setPrint, stub.address());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot hook libbpf's log", e);
        }
    }

    /** libbpf's print callback: format with vsnprintf and keep the line. Must never throw. */
    private int print(int level, MemorySegment fmt, MemorySegment args) {
        List<String> debug = debugLines;
        if (level > LIBBPF_INFO && debug == null) return 0;
        try (Arena arena = Arena.ofConfined()) {
            String text = format(arena, fmt, args);
            if (text == null) return 0;
            if (level > LIBBPF_INFO) {
                synchronized (debug) {
                    for (String line : text.split("\n")) if (!line.isBlank()) debug.add(line);
                }
                return text.length();
            }
            synchronized (log) {
                for (String line : text.split("\n")) {
                    if (line.isBlank()) continue;
                    if (log.size() == LOG_LINES) log.removeFirst();
                    log.addLast(line);
                }
            }
            return text.length();
        } catch (Throwable e) {
            return 0;
        }
    }

    /**
     * vsnprintf into a small buffer, and once more into one of the length it asked for when the
     * text is longer: a verifier log comes as one string, with the reason for a rejection at its
     * end. vsnprintf consumes the va_list, so the second pass formats from a copy taken before
     * the first (on x86-64 va_copy copies the 24-byte struct the same way).
     */
    private static String format(Arena arena, MemorySegment fmt, MemorySegment args) throws Throwable {
        MemorySegment pristine = arena.allocate(VA_LIST_BYTES).copyFrom(args.reinterpret(VA_LIST_BYTES));
        MemorySegment buf = arena.allocate(FIRST_BUFFER);
        int n = (int) Vsnprintf.HANDLE.invokeExact(buf, FIRST_BUFFER, fmt, args);
        if (n <= 0) return null;
        if (n >= FIRST_BUFFER) {
            buf = arena.allocate(n + 1L);
            n = (int) Vsnprintf.HANDLE.invokeExact(buf, n + 1L, fmt, pristine);
            if (n <= 0) return null;
        }
        return buf.getString(0);
    }

    /** Bound on the first log line: most loads print none at the levels kept. */
    private static final class Vsnprintf {
        // va_list is a pointer on x86-64 (an array of one __va_list_tag), so it passes through as one.
        static final MethodHandle HANDLE = LINKER.downcallHandle(LINKER.defaultLookup().find("vsnprintf").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    }

    /** The recent lines, oldest first, and forgets them. */
    String drain() {
        synchronized (log) {
            String s = String.join("\n", log);
            log.clear();
            return s;
        }
    }

    /**
     * Runs {@code action} with libbpf's debug lines kept as well, and returns them. Each CO-RE
     * relocation is among them, with the kernel field it matched or that none did: tests read
     * from them which flavour of a field that moved between kernel versions this kernel took.
     */
    synchronized List<String> debugLog(Runnable action) {
        install();
        List<String> lines = new ArrayList<>();
        debugLines = lines;
        try {
            action.run();
        } finally {
            debugLines = null;
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
