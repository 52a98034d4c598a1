package dev.bpftop.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads tasks from /proc: several files per task, so its cost grows with the process count. It is
 * the fallback when BPF cannot load and the oracle the BPF collector is tested against.
 */
public final class ProcfsCollector implements Collector {
    /** USER_HZ: /proc reports times in these ticks on every Linux architecture. */
    public static final long TICK_NS = 10_000_000L;
    private static final long PAGE_SIZE = 4096;
    private static final int PF_KTHREAD = 0x00200000;
    private static final String[] NAMESPACES = {"pid", "net", "mnt", "uts", "ipc", "cgroup", "user"};

    private final Path proc;

    public ProcfsCollector() { this(Path.of("/proc")); }

    public ProcfsCollector(Path proc) { this.proc = proc; }

    @Override public String name() { return "procfs"; }

    @Override
    public TaskList collect() { return collect(Detail.all()); }

    @Override
    public TaskList collect(Set<Detail> details) {
        List<Task> processes = new ArrayList<>();
        List<Task> threads = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path dir : dirs) {
                int pid = parsePid(dir.getFileName().toString());
                if (pid <= 0) continue;
                TaskList one = collectProcess(pid, details);
                processes.addAll(one.processes());
                threads.addAll(one.threads());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        return new TaskList(processes, threads);
    }

    /** One process and, if asked for, its threads, read as {@link #collect} reads them; empty when it is gone. */
    public TaskList collectProcess(int pid, Set<Detail> details) {
        Path dir = proc.resolve(Integer.toString(pid));
        Task process = readProcess(dir, pid, details);
        if (process == null) return new TaskList(List.of(), List.of()); // exited while we looked
        return new TaskList(List.of(process), details.contains(Detail.THREADS) ? readThreads(dir, process, details) : List.of());
    }

    private Task readProcess(Path dir, int pid, Set<Detail> details) {
        Task t = readTask(dir, pid, pid, details);
        if (t == null) return null;
        if (details.contains(Detail.CMDLINE)) t.cmdline = readCmdline(dir);
        if (details.contains(Detail.CGROUP)) t.cgroupPath = readCgroupPath(dir);
        if (details.contains(Detail.NAMESPACES)) {
            for (String ns : NAMESPACES) setNamespace(t, ns, readNamespace(dir, ns));
        }
        return t;
    }

    private List<Task> readThreads(Path dir, Task process, Set<Detail> details) {
        List<Task> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
            for (Path taskDir : tasks) {
                int tid = parsePid(taskDir.getFileName().toString());
                if (tid <= 0) continue;
                Task t = readTask(taskDir, process.tgid, tid, details);
                if (t == null) continue;
                t.cmdline = process.cmdline;
                t.cgroupPath = process.cgroupPath;
                t.pidNs = process.pidNs; t.netNs = process.netNs; t.mntNs = process.mntNs;
                t.utsNs = process.utsNs; t.ipcNs = process.ipcNs; t.cgroupNs = process.cgroupNs;
                t.userNs = process.userNs;
                out.add(t);
            }
        } catch (IOException e) {
            // The process exited between listing and reading its tasks.
        }
        return out;
    }

    /** Reads stat, status and io of one task directory; null when the task is gone. */
    Task readTask(Path dir, int tgid, int tid) { return readTask(dir, tgid, tid, Detail.all()); }

    private Task readTask(Path dir, int tgid, int tid, Set<Detail> details) {
        byte[] stat = readBytes(dir.resolve("stat"));
        String status = details.contains(Detail.STATUS) ? readString(dir.resolve("status")) : "";
        if (stat == null || status == null) return null;
        Task t = new Task();
        t.tgid = tgid;
        t.tid = tid;
        if (!parseStat(stat, t)) return null;
        parseStatus(status, t);
        if (details.contains(Detail.IO)) {
            String io = readString(dir.resolve("io"));
            if (io != null) parseIo(io, t);
        }
        return t;
    }

    /** Fields of /proc/PID/stat after the comm, which is in parentheses and may itself hold ") (". */
    static boolean parseStat(byte[] stat, Task t) {
        int open = indexOf(stat, (byte) '(');
        int close = lastIndexOf(stat, (byte) ')');
        if (open < 0 || close < open) return false;
        t.comm = new String(stat, open + 1, close - open - 1, StandardCharsets.UTF_8);
        String[] f = new String(stat, close + 2, stat.length - close - 2, StandardCharsets.US_ASCII).trim().split(" ");
        // f[0] is field 3 (state) of proc(5).
        t.state = f[0].charAt(0);
        t.ppid = Integer.parseInt(f[1]);
        t.pgid = Integer.parseInt(f[2]);
        t.sid = Integer.parseInt(f[3]);
        t.ttyNr = Integer.parseInt(f[4]);
        long flags = Long.parseLong(f[6]);
        t.kernelThread = (flags & PF_KTHREAD) != 0;
        t.minflt = Long.parseLong(f[7]);
        t.majflt = Long.parseLong(f[9]);
        t.utimeNs = Long.parseLong(f[11]) * TICK_NS;
        t.stimeNs = Long.parseLong(f[12]) * TICK_NS;
        t.priority = Integer.parseInt(f[15]);
        t.nice = Integer.parseInt(f[16]);
        t.threads = Integer.parseInt(f[17]);
        t.startNs = Long.parseLong(f[19]) * TICK_NS;
        t.vsz = Long.parseLong(f[20]);
        t.rss = Long.parseLong(f[21]) * PAGE_SIZE;
        if (f.length > 36) t.processor = Integer.parseInt(f[36]);
        return true;
    }

    static void parseStatus(String status, Task t) {
        for (String line : status.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "Uid" -> { String[] v = value.split("\\s+"); t.uid = Integer.parseInt(v[0]); t.euid = Integer.parseInt(v[1]); t.suid = Integer.parseInt(v[2]); }
                case "Gid" -> { String[] v = value.split("\\s+"); t.gid = Integer.parseInt(v[0]); t.egid = Integer.parseInt(v[1]); t.sgid = Integer.parseInt(v[2]); }
                case "CapPrm" -> t.capPrm = Long.parseUnsignedLong(value, 16);
                case "CapEff" -> t.capEff = Long.parseUnsignedLong(value, 16);
                case "voluntary_ctxt_switches" -> t.nvcsw = Long.parseLong(value);
                case "nonvoluntary_ctxt_switches" -> t.nivcsw = Long.parseLong(value);
                case "RssAnon" -> t.rssAnon = kib(value);
                case "RssFile" -> t.rssFile = kib(value);
                case "RssShmem" -> t.rssShmem = kib(value);
                default -> { }
            }
        }
    }

    static void parseIo(String io, Task t) {
        for (String line : io.split("\n")) {
            if (line.startsWith("read_bytes:")) t.readBytes = Long.parseLong(line.substring(11).trim());
            else if (line.startsWith("write_bytes:")) t.writeBytes = Long.parseLong(line.substring(12).trim());
        }
    }

    private String readCmdline(Path dir) {
        byte[] raw = readBytes(dir.resolve("cmdline"));
        return raw == null ? null : joinArgs(raw, raw.length);
    }

    /** NUL-separated argv to one line, as ps prints it. */
    public static String joinArgs(byte[] raw, int length) {
        int end = length;
        while (end > 0 && raw[end - 1] == 0) end--;
        byte[] copy = new byte[end];
        for (int i = 0; i < end; i++) copy[i] = raw[i] == 0 ? (byte) ' ' : raw[i];
        return new String(copy, StandardCharsets.UTF_8);
    }

    private String readCgroupPath(Path dir) {
        String cgroup = readString(dir.resolve("cgroup"));
        if (cgroup == null) return null;
        for (String line : cgroup.split("\n")) {
            if (line.startsWith("0::")) return line.substring(3);
        }
        return null;
    }

    private static long readNamespace(Path dir, String ns) {
        try {
            String link = Files.readSymbolicLink(dir.resolve("ns").resolve(ns)).toString();
            int open = link.indexOf('[');
            return Long.parseLong(link.substring(open + 1, link.length() - 1));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void setNamespace(Task t, String ns, long inum) {
        switch (ns) {
            case "pid" -> t.pidNs = inum;
            case "net" -> t.netNs = inum;
            case "mnt" -> t.mntNs = inum;
            case "uts" -> t.utsNs = inum;
            case "ipc" -> t.ipcNs = inum;
            case "cgroup" -> t.cgroupNs = inum;
            case "user" -> t.userNs = inum;
            default -> throw new IllegalArgumentException(ns);
        }
    }

    private static long kib(String value) {
        return Long.parseLong(value.replace("kB", "").trim()) * 1024;
    }

    static int parsePid(String name) {
        if (name.isEmpty() || name.length() > 10) return -1;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') return -1;
        }
        return Integer.parseInt(name);
    }

    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static String readString(Path file) {
        byte[] b = readBytes(file);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }

    private static int lastIndexOf(byte[] a, byte b) {
        for (int i = a.length - 1; i >= 0; i--) if (a[i] == b) return i;
        return -1;
    }
}
