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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open files and sockets from bpf/files_iter.bpf.o: one task_file walk (every process's fds, or
 * one process's through a link made for its pid) and, for a whole-system collection, one walk of
 * each socket iterator. Records reach user space through a ring buffer, so a collection costs
 * three syscalls per iterator (create, read, close) however many files and sockets there are.
 * Each {@link FileScope} has a task_file program of its own: only a path costs a bpf_d_path call,
 * and a walk for the sockets table passes every other descriptor over in the kernel. In a
 * whole-system collection the socket iterators read each socket of this network namespace, and
 * the fd walk gives only a reference to it, joined here by the socket's inode.
 */
public final class BpfFiles implements FileSource {
    private static final String OBJECT = "/bpf/files_iter.bpf.o";
    private static final int INIT = 1;
    private static final String[] SOCKET_PROGRAMS = {"dump_tcp", "dump_udp", "dump_unix"};

    private final LibBpf bpf;
    private final Arena arena;
    private final MemorySegment object;
    private final RingReader ring;
    /** The BPF side's socket_walks_follow: whether the fd walk may leave this namespace's sockets to the socket iterators. */
    private final MemorySegment socketWalksFollow;
    private final List<MemorySegment> links = new ArrayList<>();
    private final Map<FileScope, MemorySegment> fdPrograms = new EnumMap<>(FileScope.class);
    /** Attached on a scope's first whole-system collection and kept: one iterator fd per collection after that. */
    private final Map<FileScope, MemorySegment> allFds = new EnumMap<>(FileScope.class);
    private final List<MemorySegment> socketLinks = new ArrayList<>();
    private final RecordBuffer records = new RecordBuffer(1 << 20);
    private final ProcfsFiles procfs = new ProcfsFiles();
    private WalkStats lastWalk = WalkStats.NONE;
    private int socketsReadTwice, refsUnjoined;
    private final InodeIndex byInode = new InodeIndex();
    private final Interner<String> paths = new Interner<>(1 << 11, RawText::decode);
    /** Addresses are only read (SocketEntry's users copy them): one array serves every socket with the same. */
    private final Interner<byte[]> addresses = new Interner<>(1 << 8, bytes -> bytes);
    /** Of the walks' time, what copying records out of the ring took. */
    private long drainNs;

    private BpfFiles(LibBpf bpf, Arena arena, MemorySegment object) {
        this.bpf = bpf;
        this.arena = arena;
        this.object = object;
        try {
            fdPrograms.put(FileScope.SOCKETS, bpf.findProgram(object, "dump_socket_fd"));
            fdPrograms.put(FileScope.NUMBERS, bpf.findProgram(object, "dump_fd_numbers"));
            fdPrograms.put(FileScope.PATHS, bpf.findProgram(object, "dump_fd"));
            for (String name : SOCKET_PROGRAMS) socketLinks.add(link(bpf.attachIter(bpf.findProgram(object, name))));
            MemorySegment map = bpf.findMap(object, "file_records");
            ring = new RingReader(bpf, bpf.mapFd(map), bpf.maxEntries(map));
            socketWalksFollow = bpf.mmap(bpf.pageSize(), true, bpf.mapFd(bpf.findMap(object, "socket_walks_follow")), 0);
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
        bpf.drainLog();
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
        drainNs = 0;
        long t0 = System.nanoTime();
        // One process's walk, which no socket iterator follows, reads its sockets itself; without
        // their state, a socket descriptor is only its reference, which nothing joins.
        boolean iterators = pid == null && scope.socketState();
        socketWalksFollow.set(ValueLayout.JAVA_LONG, 0, iterators || !scope.socketState() ? 1 : 0);
        if (pid == null) {
            walk(allFds.computeIfAbsent(scope.fdWalk(), s -> link(bpf.attachIter(fdPrograms.get(s)))));
        } else {
            MemorySegment one = bpf.attachIter(fdPrograms.get(scope.fdWalk()), pid);
            try {
                walk(one);
            } finally {
                bpf.destroyLink(one);
            }
        }
        long t1 = System.nanoTime();
        long fdRecords = records.length();
        if (iterators) for (MemorySegment l : socketLinks) walk(l);
        long t2 = System.nanoTime();
        FileList list = parse(pid, scope, fdRecords);
        long t3 = System.nanoTime();
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("fd_walk", t1 - t0);
        phases.put("socket_walks", t2 - t1);
        phases.put("ring_drain", drainNs);
        phases.put("parse", t3 - t2);
        // sockets_read_twice: sockets the fd walk read whole that a socket iterator read too, which its references should have spared
        lastWalk = new WalkStats(phases, Map.of("fd_record_bytes", fdRecords, "socket_record_bytes", records.length() - fdRecords,
                "files", (long) list.files().size(), "unheld_sockets", (long) list.unheldSockets().size(),
                "sockets_read_twice", (long) socketsReadTwice, "socket_refs_unjoined", (long) refsUnjoined));
        return list;
    }

    @Override
    public synchronized WalkStats lastWalk() { return lastWalk; }

    /** Reading a fresh iterator fd runs the program; its records land in the ring (the fd only on overflow). */
    private void walk(MemorySegment link) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = LibBpf.callState(call);
            int fd = bpf.iterCreate(bpf.linkFd(link), state);
            try {
                records.readToEnd(bpf, fd, state);
            } finally {
                bpf.close(fd);
            }
        }
        long t = System.nanoTime();
        ring.drainTo(records);
        drainNs += System.nanoTime() - t;
    }

    /** @param fdBytes where the fd walk's records end and the socket iterators' begin */
    private FileList parse(Integer pid, FileScope scope, long fdBytes) {
        MemorySegment buffer = records.segment();
        long length = records.length();
        boolean withPaths = scope.paths(), walkedInit = false;
        List<SocketEntry> sockets = new ArrayList<>((int) ((length - fdBytes) / FileRecordLayout.SIZE)); // in the iterators' order
        byInode.clear(sockets.size());
        for (long at = fdBytes; at + FileRecordLayout.HEAD_SIZE <= length; ) {
            FileRecord r = new FileRecord(buffer, at, paths, addresses);
            if (r.kind() == FileRecordLayout.FREC_SOCKET) {
                long inode = r.socketInode();
                if (inode != 0) byInode.put(inode, sockets.size()); // 0: TIME_WAIT, a request socket, which no fd has
                sockets.add(r.toSocket());
            }
            at += Math.max(r.size(), FileRecordLayout.HEAD_SIZE);
        }
        boolean[] held = new boolean[sockets.size()];
        List<OpenFile> files = new ArrayList<>((int) (fdBytes / FileRecordLayout.HEAD_SIZE));
        socketsReadTwice = 0;
        refsUnjoined = 0;
        for (long at = 0; at + FileRecordLayout.HEAD_SIZE <= fdBytes; ) {
            FileRecord r = new FileRecord(buffer, at, paths, addresses);
            if (r.kind() == FileRecordLayout.FREC_FD) {
                int j = r.socketRef() || r.hasSocket() ? byInode.get(r.inode()) : -1;
                if (j >= 0) held[j] = true;
                if (r.hasSocket() && j >= 0) socketsReadTwice++;
                // a referenced socket that closed between the walks (or is none the iterators read) stays a bare fd
                if (r.socketRef() && j < 0) refsUnjoined++;
                OpenFile f = r.toOpenFile(withPaths, r.socketRef() && j >= 0 ? sockets.get(j) : null);
                walkedInit |= f.pid() == INIT;
                files.add(f);
            }
            at += Math.max(r.size(), FileRecordLayout.HEAD_SIZE);
        }
        int walked = files.size();
        if (!walkedInit) addInit(files, pid, scope);
        for (OpenFile f : files.subList(walked, files.size())) { // init's, read from /proc
            int j = f.socket() == null ? -1 : byInode.get(f.inode());
            if (j >= 0) held[j] = true;
        }
        files.sort((a, b) -> a.pid() != b.pid() ? Integer.compare(a.pid(), b.pid()) : Integer.compare(a.fd(), b.fd()));
        List<SocketEntry> unheld = new ArrayList<>();
        for (int j = 0; j < held.length; j++) if (!held[j]) unheld.add(sockets.get(j));
        return new FileList(files, unheld);
    }

    /**
     * Some kernels hide pid 1 from every BPF task iterator (see BpfCollector.addInit): called when
     * the walk had none of its files; they come from /proc, so that init's sockets are not taken for
     * sockets nobody holds. One process: a constant cost.
     */
    private void addInit(List<OpenFile> files, Integer pid, FileScope scope) {
        if (pid != null && pid != INIT) return;
        for (OpenFile f : procfs.collect(INIT, scope.socketState() ? FileScope.PATHS : FileScope.BARE_PATHS).files()) {
            if (scope.everyFd() || f.socket() != null) files.add(scope.paths() ? f : f.withoutPath());
        }
    }

    @Override
    public synchronized void close() {
        if (ring != null) ring.close();
        if (socketWalksFollow != null) bpf.munmap(socketWalksFollow);
        for (MemorySegment l : links) bpf.destroyLink(l);
        bpf.closeObject(object);
        records.close();
        arena.close();
    }
}
