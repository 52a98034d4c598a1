package dev.bpftop.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One cgroup v2 directory: its path relative to the mount ("/system.slice/x.service", "/" for the
 * root) and where it lives on disk. Reads are live, straight from cgroupfs.
 */
public record CgroupDir(String path, Path dir) {

    /** The cgroup at {@code path} ("/a/b") under the v2 mount {@code mount}. */
    public static CgroupDir of(Path mount, String path) {
        return new CgroupDir(path, path.equals("/") ? mount : mount.resolve(path.substring(1)));
    }

    public boolean isRoot() { return path.equals("/"); }

    public boolean exists() { return Files.isRegularFile(dir.resolve("cgroup.procs")); }

    public CgroupDir child(String name) { return new CgroupDir(isRoot() ? "/" + name : path + "/" + name, dir.resolve(name)); }

    public CgroupDir parent() {
        int slash = path.lastIndexOf('/');
        return new CgroupDir(slash <= 0 ? "/" : path.substring(0, slash), dir.getParent());
    }

    public String name() { return dir.getFileName().toString(); }

    /** True when {@code other} is this cgroup or lies below it. */
    public boolean contains(String other) {
        return isRoot() || other.equals(path) || other.startsWith(path + "/");
    }

    /** Processes directly in this cgroup (not in its children). */
    public List<Long> procs() throws IOException {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!line.isBlank()) pids.add(Long.parseLong(line.trim()));
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile: holds nothing
        }
        return pids;
    }

    /** This cgroup and every cgroup below it, parents before children; ones removed meanwhile are skipped. */
    public List<CgroupDir> subtree() {
        List<CgroupDir> out = new ArrayList<>();
        for (CgroupTree.Node n : CgroupTree.walk(dir)) {
            out.add(n.path().equals("/") ? this : new CgroupDir(isRoot() ? n.path() : path + n.path(), dir.resolve(n.path().substring(1))));
        }
        return out;
    }

    /** Processes in this cgroup and every cgroup below it. */
    public List<Long> allProcs() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (CgroupDir c : subtree()) pids.addAll(c.procs());
        return pids;
    }

    /** Whether freezing was asked of this very cgroup (cgroup.freeze), as opposed to inherited. */
    public boolean freezeRequested() throws IOException {
        Path f = dir.resolve("cgroup.freeze");
        return Files.exists(f) && Files.readString(f).trim().equals("1");
    }

    /** Whether the kernel reports the cgroup frozen (cgroup.events "frozen 1"), its own or inherited. */
    public boolean frozen() {
        return Boolean.TRUE.equals(CgroupFiles.events(dir).frozen());
    }
}
