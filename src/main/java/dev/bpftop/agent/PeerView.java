package dev.bpftop.agent;

import dev.bpftop.collect.Task;
import dev.bpftop.enrich.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a peer may see of a snapshot the agent (root) took: no more than its own procfs run would
 * show. The kernel lets a user read another task's /proc links (exe, cwd, root), io and namespace
 * links only when ptrace's read check passes: the task's real, effective and saved uids and gids
 * are the user's own and the task is dumpable. A task that is not dumpable has its /proc directory
 * owned by root, so the directory's owner stands in for that flag. Everything else in the tables
 * (stat, status, cmdline, cgroup) is readable by anyone, and stays. Open files and the sockets
 * they hold are read through /proc/PID/fd, under the same check: only readable processes' stay.
 */
final class PeerView {
    private PeerView() {}

    static UnaryOperator<Snapshot> of(Peer peer) {
        if (peer.isRoot()) return UnaryOperator.identity();
        return s -> {
            Set<Integer> readable = new HashSet<>();
            for (Task t : s.processes()) if (readable(t, peer)) readable.add(t.tgid);
            List<Task> processes = narrowed(s.processes(), readable), threads = narrowed(s.threads(), peer);
            // Row for row at the same positions: the copies keep their rows' cpu_pct and rates.
            return new Snapshot(s.takenAt(), s.backend(), processes, threads, s.readings().over(processes, threads), s.system(),
                    s.intervalSeconds(), s.userNames(), s.ownership(), s.containers(), s.gpus(), s.network(),
                    s.files().only(readable::contains));
        };
    }

    private static List<Task> narrowed(List<Task> processes, Set<Integer> readable) {
        List<Task> out = new ArrayList<>(processes.size());
        for (Task t : processes) out.add(readable.contains(t.tgid) ? t : hidden(t));
        return out;
    }

    private static List<Task> narrowed(List<Task> tasks, Peer peer) {
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) out.add(readable(t, peer) ? t : hidden(t));
        return out;
    }

    static boolean readable(Task t, Peer peer) {
        if (t.uid != peer.uid() || t.euid != peer.uid() || t.suid != peer.uid()) return false;
        if (t.gid != peer.gid() || t.egid != peer.gid() || t.sgid != peer.gid()) return false;
        try {
            Path dir = t.tgid == t.tid ? Path.of("/proc", Integer.toString(t.tgid))
                    : Path.of("/proc", Integer.toString(t.tgid), "task", Integer.toString(t.tid));
            return (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) == peer.uid();
        } catch (IOException | UnsupportedOperationException e) {
            return false; // gone: its own run would not have seen it either
        }
    }

    private static Task hidden(Task t) {
        Task c = t.copy();
        c.linksHidden = true;
        c.readBytes = Task.UNKNOWN;
        c.writeBytes = Task.UNKNOWN;
        c.pidNs = c.netNs = c.mntNs = c.utsNs = c.ipcNs = c.cgroupNs = c.userNs = 0;
        return c;
    }
}
