package dev.bpftop.bpf;

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

/**
 * The two libbpf calls the network hooks need beyond {@link LibBpf}'s: attaching a program by its
 * section (fexit, kprobe, tp_btf alike) and reading a hash map in one batch. Bound apart from
 * LibBpf, and only when the hooks are first attached, so a session that never reads a network
 * column does not pay for their FFM stubs.
 */
final class HookCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();

    private static HookCalls instance;

    private final MethodHandle attach, lookupBatch;

    private HookCalls(SymbolLookup bpf) {
        Linker.Option errno = Linker.Option.captureCallState("errno");
        attach = LINKER.downcallHandle(find(bpf, "bpf_program__attach"), FunctionDescriptor.of(PTR, PTR), errno);
        lookupBatch = LINKER.downcallHandle(find(bpf, "bpf_map_lookup_batch"),
                FunctionDescriptor.of(INT, INT, PTR, PTR, PTR, PTR, PTR, PTR), errno);
    }

    static synchronized HookCalls get() {
        if (instance == null) {
            LibBpf.get(); // says clearly when libbpf.so.1 is missing
            instance = new HookCalls(SymbolLookup.libraryLookup("libbpf.so.1", Arena.global()));
        }
        return instance;
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new BpfUnavailableException("libbpf.so.1 lacks " + name));
    }

    /** Attaches a loaded program as its section says; the link detaches it when destroyed. */
    MemorySegment attach(LibBpf bpf, MemorySegment prog, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment link = (MemorySegment) attach.invokeExact(state, prog);
            if (link.equals(MemorySegment.NULL)) {
                String log = bpf.drainLog();
                throw new BpfUnavailableException("attaching " + name + ": " + Errno.describe(errno(state)) + (log.isEmpty() ? "" : "\n" + log));
            }
            return link;
        } catch (BpfUnavailableException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One bpf_map_lookup_batch from the start of a hash map into {@code keys} and {@code values};
     * sized for the whole map, it returns everything in one syscall.
     *
     * @return how many entries it read
     */
    int lookupAll(int mapFd, MemorySegment keys, MemorySegment values, int capacity, Arena arena) {
        try {
            MemorySegment count = arena.allocate(INT);
            count.set(INT, 0, capacity);
            MemorySegment token = arena.allocate(8);
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) lookupBatch.invokeExact(state, mapFd, MemorySegment.NULL, token, keys, values, count, MemorySegment.NULL);
            // ENOENT: the end of the map was reached, which a batch the size of the map always does.
            if (rc < 0 && errno(state) != Errno.ENOENT) throw new IllegalStateException("bpf_map_lookup_batch: " + Errno.describe(errno(state)));
            return count.get(INT, 0);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static int errno(MemorySegment state) { return (int) ERRNO.get(state, 0L); }
}
