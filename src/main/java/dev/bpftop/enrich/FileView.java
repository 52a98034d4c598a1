package dev.bpftop.enrich;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.OpenFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A snapshot's open files and sockets, collected on first use and then shared by every scan of
 * that snapshot (open_files and sockets in one statement see one collection). A scan whose filter
 * fixes a pid asks for that process only, which the BPF side walks alone; once the whole system
 * has been read, a process's files are taken from it, so a statement never mixes two readings of
 * one process.
 */
public final class FileView {
    private final Supplier<FileSource> source;
    private FileList all;
    private final Map<Integer, FileList> byPid = new HashMap<>();

    FileView(Supplier<FileSource> source) { this.source = source; }

    /** Every process's files and the sockets no process holds. */
    public synchronized FileList all() {
        if (all == null) all = source.get().collect(null);
        return all;
    }

    /** One process's files (and no unheld sockets); {@code pid} null means {@link #all()}. */
    public synchronized FileList of(Integer pid) {
        if (pid == null) return all();
        if (all != null) {
            List<OpenFile> files = all.files().stream().filter(f -> f.pid() == pid).toList();
            return new FileList(files, List.of());
        }
        return byPid.computeIfAbsent(pid, p -> source.get().collect(p));
    }
}
