package dev.bpftop.bpf;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileScope;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.ProcfsFiles;
import dev.bpftop.collect.RawText;
import dev.bpftop.collect.SocketEntry;
import dev.bpftop.collect.WalkStats;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * Open files and sockets from bpf/files_iter.bpf.o: one task_file walk (every process's fds, or
 * one process's through a link made for its pid) and, for a whole-system collection, one walk of
 * each socket iterator, on a thread of their own while this one walks the descriptors
 * ({@link SocketWalks}). Records reach user space through ring buffers, so a collection costs
 * three syscalls per iterator (create, read, close) however many files and sockets there are.
 * Each {@link FileScope} has a task_file program of its own: only a path costs a bpf_d_path call,
 * and a walk for the sockets table passes every other descriptor over in the kernel. In a
 * whole-system collection the socket iterators read each socket of this network namespace, and
 * the fd walk gives only a reference to it, joined here by the address of its struct socket: the
 * fd walk reads neither the socket nor its inode.
 */
public final class BpfFiles implements FileSource {
    private static final String OBJECT = "/bpf/files_iter.bpf.o";
    private static final int INIT = 1;
    private static final SocketWalks.Walked NO_SOCKETS = new SocketWalks.Walked(List.of(), new SocketKeyIndex(), 0, 0, 0, 0);

    private final LibBpf bpf;
    private final Arena arena;
    private final MemorySegment object;
    private final RingReader ring;
    /** The BPF side's fd_sockets: what the fd walk does with a socket (FileRecordLayout.FD_SOCKETS_*). */
    private final MemorySegment fdSockets;
    private final List<MemorySegment> links = new ArrayList<>();
    private final Map<FileScope, MemorySegment> fdPrograms = new EnumMap<>(FileScope.class);
    /** Attached on a scope's first whole-system collection and kept: one iterator fd per collection after that. */
    private final Map<FileScope, MemorySegment> allFds = new EnumMap<>(FileScope.class);
    private final SocketWalks socketWalks;
    private final RecordBuffer records = new RecordBuffer(1 << 20);
    private final ProcfsFiles procfs = new ProcfsFiles();
    private WalkStats lastWalk = WalkStats.NONE;
    private int socketsReadTwice, refsUnjoined, processesReadAgain;
    private final Interner<String> paths = new Interner<>(1 << 11, RawText::decode);
    /** Addresses of the sockets the fd walk reads itself (of another network namespace, or in one process's walk). */
    private final Interner<byte[]> addresses = new Interner<>(1 << 8, bytes -> bytes);
    private final FileRecord record = new FileRecord(paths, addresses);
    private final PreviousFiles previous = new PreviousFiles();

    private BpfFiles(LibBpf bpf, Arena arena, MemorySegment object) {
        this.bpf = bpf;
        this.arena = arena;
        this.object = object;
        try {
            fdPrograms.put(FileScope.SOCKETS, bpf.findProgram(object, "dump_socket_fd"));
            fdPrograms.put(FileScope.NUMBERS, bpf.findProgram(object, "dump_fd_numbers"));
            fdPrograms.put(FileScope.PATHS, bpf.findProgram(object, "dump_fd"));
            socketWalks = new SocketWalks(bpf, object);
            MemorySegment map = bpf.findMap(object, "file_records");
            ring = new RingReader(bpf, bpf.mapFd(map), bpf.maxEntries(map));
            fdSockets = bpf.mmap(bpf.pageSize(), true, bpf.mapFd(bpf.findMap(object, "fd_sockets")), 0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private MemorySegment link(MemorySegment link) {
        links.add(link);
        return link;
    }

    /** @throws BpfUnavailableException when the object does not load here, naming why */
    public static BpfFiles open() {
        Preconditions.check();
        LibBpf bpf = LibBpf.get();
        bpf.keepLog();
        byte[] elf = embeddedObject();
        Arena arena = Arena.ofShared();
        MemorySegment obj;
        try {
            MemorySegment image = arena.allocate(elf.length);
            image.copyFrom(MemorySegment.ofArray(elf));
            obj = bpf.openMem(image);
            MemorySegment config = arena.allocate(FileRecordLayout.CONFIG_SIZE);
            config.set(ValueLayout.JAVA_INT, FileRecordLayout.CONFIG_USE_RINGBUF, 1);
            config.set(ValueLayout.JAVA_INT, FileRecordLayout.CONFIG_NET_NS, (int) ownNetNs());
            bpf.setInitialValue(bpf.findMap(obj, ".rodata"), config);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        int err = bpf.load(obj);
        if (err != 0) {
            String log = bpf.drainLog();
            bpf.closeObject(obj);
            arena.close();
            throw new BpfUnavailableException("loading " + OBJECT + ": " + Errno.describe(err) + (log.isEmpty() ? "" : "\n" + log));
        }
        return new BpfFiles(bpf, arena, obj);
    }

    /** The socket iterators walk the network namespace of the process that reads them: this one's. */
    private static long ownNetNs() {
        try {
            return (Long) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
        } catch (IOException | RuntimeException e) {
            return 0; // no socket is in namespace 0: the fd walk reads every socket itself
        }
    }

    private static byte[] embeddedObject() {
        try (InputStream in = BpfFiles.class.getResourceAsStream(OBJECT)) {
            if (in == null) throw new BpfUnavailableException("this build has no " + OBJECT);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BpfUnavailableException("cannot read " + OBJECT + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized FileList collect(Integer pid, FileScope scope) {
        records.clear();
        ring.drainTo(records); // leftovers of a collection that failed half-way
        records.clear();
        long t0 = System.nanoTime();
        // One process's walk, which no socket iterator accompanies, reads its sockets itself.
        boolean iterators = pid == null && scope.socketState();
        fdSockets.set(ValueLayout.JAVA_LONG, 0, iterators ? FileRecordLayout.FD_SOCKETS_BESIDE
                : scope.socketState() ? FileRecordLayout.FD_SOCKETS_READ : FileRecordLayout.FD_SOCKETS_UNREAD);
        Future<SocketWalks.Walked> socketWalk = iterators ? socketWalks.start() : null;
        long drainNs;
        try {
            drainNs = pid == null
                    ? records.walk(bpf, allFds.computeIfAbsent(scope.fdWalk(), s -> link(bpf.attachIter(fdPrograms.get(s)))), ring)
                    : walkOne(pid, scope);
        } catch (RuntimeException | Error e) {
            if (socketWalk != null) SocketWalks.settle(socketWalk);
            throw e;
        }
        long t1 = System.nanoTime();
        SocketWalks.Walked sockets = socketWalk == null ? NO_SOCKETS : SocketWalks.await(socketWalk);
        long t2 = System.nanoTime(), fdBytes = records.length();
        FileList list = parse(pid, scope, sockets);
        long t3 = System.nanoTime();
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("fd_walk", t1 - t0);
        phases.put("socket_walks", sockets.walkNs());
        phases.put("socket_parse", sockets.parseNs());
        phases.put("socket_wait", t2 - t1);
        phases.put("ring_drain", drainNs + sockets.drainNs());
        phases.put("parse", t3 - t2);
        // sockets_read_twice: sockets the fd walk read whole that a socket iterator read too, which its references should have spared
        lastWalk = new WalkStats(phases, Map.of("fd_record_bytes", fdBytes, "socket_record_bytes", sockets.recordBytes(),
                "files", (long) list.files().size(), "unheld_sockets", (long) list.unheldSockets().size(),
                "sockets_read_twice", (long) socketsReadTwice, "socket_refs_unjoined", (long) refsUnjoined, "processes_read_again", (long) processesReadAgain));
        return list;
    }

    @Override
    public synchronized WalkStats lastWalk() { return lastWalk; }

    private FileList parse(Integer pid, FileScope scope, SocketWalks.Walked walked) {
        List<SocketEntry> sockets = walked.sockets();
        boolean[] held = new boolean[sockets.size()];
        List<OpenFile> files = new ArrayList<>((int) (records.length() / FileRecordLayout.HEAD_SIZE));
        socketsReadTwice = 0;
        refsUnjoined = 0;
        processesReadAgain = 0;
        Set<Integer> unjoined = new HashSet<>();
        previous.start();
        boolean walkedInit = parseFds(scope, walked, held, files, unjoined);
        if (!unjoined.isEmpty()) rewalk(scope, walked, held, files, unjoined);
        if (!walkedInit && (pid == null || pid == INIT)) addInit(files, scope, sockets, held);
        files.sort((a, b) -> a.pid() != b.pid() ? Integer.compare(a.pid(), b.pid()) : Integer.compare(a.fd(), b.fd()));
        List<SocketEntry> unheld = new ArrayList<>();
        for (int j = 0; j < held.length; j++) if (!held[j]) unheld.add(sockets.get(j));
        FileList list = new FileList(files, unheld);
        previous.keep(list.files());
        return list;
    }

    /**
     * Adds the fd records in the buffer to {@code files}, marks the sockets they hold, and names in
     * {@code unjoined} the processes with a reference that no socket record joins.
     *
     * @return whether init's descriptors were among them
     */
    private boolean parseFds(FileScope scope, SocketWalks.Walked walked, boolean[] held, List<OpenFile> files, Set<Integer> unjoined) {
        FileRecord r = record;
        r.start(records.segment(), records.length());
        boolean walkedInit = false;
        while (r.next()) {
            if (r.kind() != FileRecordLayout.FREC_FD) continue;
            int j = r.socketRef() || r.hasSocket() ? walked.byKey().get(r.sockKey()) : -1;
            if (j >= 0) held[j] = true;
            if (r.hasSocket() && j >= 0) socketsReadTwice++;
            if (r.socketRef() && j < 0) {
                refsUnjoined++;
                unjoined.add(r.tgid());
            }
            SocketEntry joined = r.socketRef() && j >= 0 ? walked.sockets().get(j) : null;
            // a row with a socket this walk decoded is new whatever it held: no look-up for it
            OpenFile before = joined == null && !r.hasSocket() ? previous.find(r.tgid(), r.fd()) : null;
            OpenFile f = r.toOpenFile(scope.paths(), joined, before);
            walkedInit |= f.pid() == INIT;
            files.add(f);
        }
        return walkedInit;
    }

    /**
     * Reads again, each alone and whole, the processes whose references nothing joined: a socket of
     * a kind no iterator walks (netlink, packet, raw), of another network namespace than its
     * holder's, or opened between the walks. Their descriptors replace the first walk's; a process
     * that has gone since keeps those (its unjoined sockets without an inode).
     */
    private void rewalk(FileScope scope, SocketWalks.Walked walked, boolean[] held, List<OpenFile> files, Set<Integer> pids) {
        fdSockets.set(ValueLayout.JAVA_LONG, 0, FileRecordLayout.FD_SOCKETS_READ);
        records.clear();
        Set<Integer> read = new HashSet<>();
        for (int pid : pids) {
            long before = records.length();
            try {
                walkOne(pid, scope);
                read.add(pid);
            } catch (RuntimeException e) {
                ring.drainTo(records);
                records.truncate(before);
            }
        }
        processesReadAgain = read.size();
        files.removeIf(f -> read.contains(f.pid()));
        parseFds(scope, walked, held, files, new HashSet<>());
    }

    /** One process's descriptors, through a link made for its pid. @return the nanoseconds spent taking the ring's records */
    private long walkOne(int pid, FileScope scope) {
        MemorySegment one = bpf.attachIter(fdPrograms.get(scope.fdWalk()), pid);
        try {
            return records.walk(bpf, one, ring);
        } finally {
            bpf.destroyLink(one);
        }
    }

    /**
     * Some kernels hide pid 1 from every BPF task iterator (see BpfCollector.addInit): called when
     * the walk had none of its files; they come from /proc, so that init's sockets are not taken for
     * sockets nobody holds. One process: a constant cost.
     */
    private void addInit(List<OpenFile> files, FileScope scope, List<SocketEntry> sockets, boolean[] held) {
        Set<Long> inodes = new HashSet<>();
        for (OpenFile f : procfs.collect(INIT, scope.socketState() ? FileScope.PATHS : FileScope.BARE_PATHS).files()) {
            if (scope.everyFd() || f.socket() != null) files.add(scope.paths() ? f : f.withoutPath());
            if (f.socket() != null) inodes.add(f.inode());
        }
        if (inodes.isEmpty()) return;
        for (int j = 0; j < held.length; j++) if (inodes.contains(sockets.get(j).inode())) held[j] = true;
    }

    @Override
    public synchronized void close() {
        if (socketWalks != null) socketWalks.close();
        if (ring != null) ring.close();
        if (fdSockets != null) bpf.munmap(fdSockets);
        for (MemorySegment l : links) bpf.destroyLink(l);
        bpf.closeObject(object);
        records.close();
        arena.close();
    }
}
