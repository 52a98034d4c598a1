package dev.bpftop.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-process network byte counters of bpf/net_hooks.bpf.c, attached as one unit and counting
 * until {@link #close()}. Totals run from {@link #since()}: whoever wants them to cover a long span
 * (the agent, a live view) holds one open across snapshots, and nothing here assumes a one-shot
 * process. Reading the counters is one batch lookup, whatever the number of processes.
 */
public final class NetHooks implements AutoCloseable {
    /**
     * How the programs are attached, in the order tried: a BPF trampoline where the kernel has
     * them; the sock_send_length/sock_recv_length tracepoints (6.3+) where it refuses trampolines;
     * else kprobes.
     */
    public enum Kind {
        FEXIT("fexit", List.of("fx_send4", "fx_send6", "fx_recv4", "fx_recv6")),
        TRACEPOINT("tracepoint", List.of("tp_send", "tp_recv")),
        KPROBE("kprobe", List.of("kp_send4", "kr_send4", "kp_send6", "kr_send6", "kp_recv4", "kr_recv4", "kp_recv6", "kr_recv6"));

        final String label;
        final List<String> programs;

        Kind(String label, List<String> programs) {
            this.label = label;
            this.programs = programs;
        }

        @Override public String toString() { return label; }
    }

    /** Payload bytes one process received and sent. */
    public record Bytes(long rx, long tx) {}

    private static final String OBJECT = "/bpf/net_hooks.bpf.o";
    private static final String EXIT = "net_exit", COUNTS = "net_by_tgid", IN_FLIGHT = "in_flight";
    /** MAX_PROCESSES and struct net_bytes in bpf/net_hooks.bpf.c, which asserts the offsets. */
    static final int MAX_PROCESSES = 32768;
    private static final long VALUE_SIZE = 16, RX = 0, TX = 8;

    private final LibBpf bpf;
    private final HookCalls calls;
    private final Arena arena;
    private final MemorySegment object;
    private final List<MemorySegment> links;
    private final int countsFd;
    private final Kind kind;
    private final Instant since;
    private final MemorySegment keys, values;
    private boolean closed;

    private NetHooks(LibBpf bpf, HookCalls calls, Arena arena, MemorySegment object, List<MemorySegment> links, Kind kind) {
        this.bpf = bpf;
        this.calls = calls;
        this.arena = arena;
        this.object = object;
        this.links = links;
        this.kind = kind;
        this.countsFd = bpf.mapFd(bpf.findMap(object, COUNTS));
        this.since = Instant.now();
        this.keys = arena.allocate(4L * MAX_PROCESSES, 8);
        this.values = arena.allocate(VALUE_SIZE * MAX_PROCESSES, 8);
    }

    /**
     * Attaches the first kind the kernel accepts.
     *
     * @throws BpfUnavailableException naming why none attached
     */
    public static NetHooks attach() {
        Preconditions.check();
        StringBuilder refused = new StringBuilder();
        for (Kind kind : Kind.values()) {
            try {
                return attach(kind);
            } catch (BpfUnavailableException e) {
                refused.append(refused.isEmpty() ? "" : "; ").append(e.getMessage().lines().findFirst().orElse(""));
            }
        }
        throw new BpfUnavailableException("cannot attach the network hooks: " + refused);
    }

    /** Attaches one kind only (the tests and bench/net_hooks.sh cover each kind the kernel has). */
    public static NetHooks attach(Kind kind) {
        LibBpf bpf = LibBpf.get();
        HookCalls calls = HookCalls.get();
        bpf.keepLog();
        byte[] elf = embeddedObject();
        // The image lives in the arena, which lives as long as the object.
        Arena arena = Arena.ofShared();
        MemorySegment obj = bpf.openMem(elf, arena);
        List<MemorySegment> links = new ArrayList<>();
        try {
            for (Kind k : Kind.values()) {
                if (k == kind) continue;
                for (String p : k.programs) bpf.setAutoload(bpf.findProgram(obj, p), false);
            }
            if (kind != Kind.KPROBE) bpf.setAutocreate(bpf.findMap(obj, IN_FLIGHT), false);
            int err = bpf.load(obj);
            if (err != 0) {
                String log = bpf.drainLog();
                throw new BpfUnavailableException(kind + " bpf_object__load: " + Errno.describe(err) + (log.isEmpty() ? "" : "\n" + log));
            }
            List<String> programs = new ArrayList<>(kind.programs);
            programs.add(EXIT);
            for (String p : programs) links.add(calls.attach(bpf, bpf.findProgram(obj, p), p));
            return new NetHooks(bpf, calls, arena, obj, links, kind);
        } catch (RuntimeException e) {
            for (MemorySegment link : links) bpf.destroyLink(link);
            bpf.closeObject(obj);
            arena.close();
            throw e;
        }
    }

    private static byte[] embeddedObject() {
        try (InputStream in = NetHooks.class.getResourceAsStream(OBJECT)) {
            if (in == null) throw new BpfUnavailableException("this build has no " + OBJECT);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BpfUnavailableException("cannot read " + OBJECT + ": " + e.getMessage());
        }
    }

    public Kind kind() { return kind; }

    /** When the hooks were attached: every total counts from here. */
    public Instant since() { return since; }

    /** Each process that sent or received since {@link #since()} and is still alive, by tgid. */
    public synchronized Map<Integer, Bytes> read() {
        if (closed) throw new IllegalStateException("network hooks closed");
        try (Arena call = Arena.ofConfined()) {
            int n = calls.lookupAll(countsFd, keys, values, MAX_PROCESSES, call);
            Map<Integer, Bytes> out = HashMap.newHashMap(n);
            for (int i = 0; i < n; i++) {
                long at = i * VALUE_SIZE;
                out.put(keys.getAtIndex(ValueLayout.JAVA_INT, i),
                        new Bytes(values.get(ValueLayout.JAVA_LONG, at + RX), values.get(ValueLayout.JAVA_LONG, at + TX)));
            }
            return out;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (MemorySegment link : links) bpf.destroyLink(link);
        bpf.closeObject(object);
        arena.close();
    }
}
