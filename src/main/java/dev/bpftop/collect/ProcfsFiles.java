package dev.bpftop.collect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Open files and sockets from /proc: each process's fd links and fdinfo, a stat of each file, and
 * /proc/PID/net/{tcp,tcp6,udp,udp6,unix} once per network namespace that holds a socket (those
 * tables list only the reader's namespace, so a process in another one is read through its own).
 * The slow path and the oracle for the BPF one: four syscalls or more per descriptor.
 */
public final class ProcfsFiles implements FileSource {
    private static final String[] INET = {"tcp", "tcp6", "udp", "udp6"};
    private final LinkReader links = new LinkReader();

    @Override
    public synchronized FileList collect(Integer pid, FileScope scope) {
        List<OpenFile> files = new ArrayList<>();
        Map<Long, NetTables> namespaces = new HashMap<>();
        Set<Long> held = new HashSet<>();
        for (int p : pid != null ? List.of(pid) : pids()) readProcess(p, files, scope.socketState() ? namespaces : null, held);
        List<SocketEntry> unheld = new ArrayList<>();
        if (pid == null && scope.socketState()) {
            NetTables ours = namespaces.computeIfAbsent(netNs("self"), ns -> NetTables.read("self", ns));
            for (SocketEntry s : ours.all()) if (s.inode() == 0 || !held.contains(s.inode())) unheld.add(s);
        }
        return new FileList(files, unheld);
    }

    /** @param namespaces the socket tables read so far, by network namespace; null: no socket's state */
    private void readProcess(int pid, List<OpenFile> files, Map<Long, NetTables> namespaces, Set<Long> held) {
        String dir = "/proc/" + pid;
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir, "fd"))) {
            for (Path fd : ds) fds.add(Integer.parseInt(fd.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return; // gone, or not ours to read
        }
        fds.sort(null);
        NetTables sockets = null;
        for (int fd : fds) {
            String link = dir + "/fd/" + fd;
            String target = links.read(link);
            if (target == null && links.denied()) return; // not ours to read: every other fd would be refused too
            if (target == null) continue; // closed meanwhile
            long[] info = fdinfo(dir + "/fdinfo/" + fd);
            Map<String, Object> st;
            try {
                st = Files.readAttributes(Path.of(link), "unix:mode,dev,ino");
            } catch (IOException | RuntimeException e) {
                continue;
            }
            int mode = (Integer) st.get("mode");
            long dev = (Long) st.get("dev"), ino = (Long) st.get("ino");
            SocketEntry socket = null;
            if (namespaces != null && target.startsWith("socket:[")) {
                held.add(ino);
                if (sockets == null) {
                    long ns = netNs(Integer.toString(pid));
                    sockets = namespaces.computeIfAbsent(ns, n -> NetTables.read(Integer.toString(pid), n));
                }
                socket = sockets.byInode().get(ino);
            }
            files.add(new OpenFile(pid, fd, mode, (int) info[1], info[0], ino, major(dev), minor(dev), target, socket));
        }
    }

    /** pos and flags of /proc/PID/fdinfo/FD; zeros when it is gone. */
    private static long[] fdinfo(String file) {
        long[] out = new long[2];
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith("pos:")) out[0] = Long.parseLong(line.substring(4).trim());
                else if (line.startsWith("flags:")) out[1] = Long.parseLong(line.substring(6).trim(), 8);
            }
        } catch (IOException | RuntimeException e) {
            // closed since the link was read
        }
        return out;
    }

    /** One network namespace's sockets: all of them (TIME_WAIT ones share inode 0), and by inode. */
    private record NetTables(List<SocketEntry> all, Map<Long, SocketEntry> byInode) {
        static NetTables read(String pid, long netNs) {
            List<SocketEntry> all = ProcfsFiles.all(pid, netNs);
            Map<Long, SocketEntry> byInode = new HashMap<>();
            for (SocketEntry s : all) if (s.inode() != 0) byInode.putIfAbsent(s.inode(), s);
            return new NetTables(all, byInode);
        }
    }

    private static List<SocketEntry> all(String pid, long netNs) {
        List<SocketEntry> out = new ArrayList<>();
        for (String table : INET) {
            byte[] text = read("/proc/" + pid + "/net/" + table);
            if (text == null) continue;
            int family = table.endsWith("6") ? SocketEntry.AF_INET6 : SocketEntry.AF_INET;
            out.addAll(ProcNetParser.inet(text, family, table.startsWith("tcp") ? SocketEntry.TCP : SocketEntry.UDP, netNs));
        }
        byte[] unix = read("/proc/" + pid + "/net/unix");
        if (unix != null) out.addAll(ProcNetParser.unix(unix, netNs));
        return out;
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            return null; // no IPv6, or the process is gone
        }
    }

    private long netNs(String pid) {
        String link = links.read("/proc/" + pid + "/ns/net"); // "net:[4026531840]"
        if (link == null || !link.startsWith("net:[")) return 0;
        return Long.parseLong(link.substring(5, link.length() - 1));
    }

    private static List<Integer> pids() {
        List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) out.add(Integer.parseInt(name));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** glibc's gnu_dev_major/minor of a user-space dev_t. */
    static int major(long dev) { return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)); }

    static int minor(long dev) { return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL)); }
}
