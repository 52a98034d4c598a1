package dev.bpftop.enrich;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileScope;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.OpenFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A snapshot's open files and sockets, collected on first use and then shared by every scan of
 * that snapshot (open_files and sockets in one statement see one collection). A scan whose filter
 * fixes a pid asks for that process only, which the BPF side walks alone; once the whole system
 * has been read, a process's files are taken from it, so a statement never mixes two readings of
 * one process. Every collection of one view reads the same {@link FileScope}: the widest that the
 * snapshot was asked for, so the tables of one statement agree.
 */
public final class FileView {
    private final Supplier<FileSource> source;
    private final FileScope scope;
    private FileList all;
    private final Map<Integer, FileList> byPid = new HashMap<>();

    private final FileView whole;
    private final IntPredicate visible;

    FileView(Supplier<FileSource> source, FileScope scope) {
        this.source = source;
        this.scope = scope;
        this.whole = null;
        this.visible = pid -> true;
    }

    private FileView(FileView whole, IntPredicate visible) {
        this.source = null;
        this.scope = whole.scope;
        this.whole = whole;
        this.visible = visible;
    }

    /**
     * The same files with only the processes {@code visible} accepts: what a user who may not read
     * other processes' fd directories would see (sockets no process holds stay, as
     * /proc/net/tcp shows them to anyone).
     */
    public FileView only(IntPredicate visible) { return new FileView(this, visible); }

    /** Every process's files and the sockets no process holds. */
    public synchronized FileList all() {
        if (whole != null && all == null) all = kept(whole.all());
        if (all == null) all = source.get().collect(null, scope);
        return all;
    }

    /** One process's files (and no unheld sockets); {@code pid} null means {@link #all()}. */
    public synchronized FileList of(Integer pid) {
        if (pid == null) return all();
        if (whole != null) return visible.test(pid) ? whole.of(pid) : new FileList(List.of(), List.of());
        if (all != null) {
            List<OpenFile> files = all.files().stream().filter(f -> f.pid() == pid).toList();
            return new FileList(files, List.of());
        }
        return byPid.computeIfAbsent(pid, p -> source.get().collect(p, scope));
    }

    private FileList kept(FileList list) {
        return new FileList(list.files().stream().filter(f -> visible.test(f.pid())).toList(), list.unheldSockets());
    }
}
