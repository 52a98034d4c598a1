package dev.bpftop.bpf;

import dev.bpftop.collect.OpenFile;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * The open files of the collection before, so that a descriptor that did not change since is
 * given back as the same object rather than a new one (see {@link FileRecord#toOpenFile}).
 *
 * <p>Why: a collection at 70,000 descriptors built 5 MB of rows, and a JVM whose young generation
 * is still growing (G1 by default, as {@code bench --files} runs) puts new objects on pages it has
 * never touched, one page fault per 4 KiB: 2,400 faults, 30 ms a collection on this VM's two
 * CPUs against 4 ms of decoding, for as many collections as the heap takes to reach its size. An
 * unchanged descriptor now costs no allocation at all.
 *
 * <p>Held weakly: the rows are reused while someone (a monitor, a statement, a bench) still holds
 * them anyway, and cost no memory once nobody does.
 */
final class PreviousFiles {
    private WeakReference<List<OpenFile>> kept = new WeakReference<>(null);
    private List<OpenFile> rows = List.of();
    /** The first row not yet passed; -1 before the first {@link #find} of a collection. */
    private int cursor;

    /** Starts a collection's look-ups, in the rows of the one before if anybody still holds them. */
    void start() {
        List<OpenFile> before = kept.get();
        rows = before == null ? List.of() : before;
        cursor = -1;
    }

    /**
     * The earlier row of process {@code pid}'s descriptor {@code fd}, or null. Look-ups come in the
     * order the rows are sorted in (a walk's, by pid and fd) and cost a step each; one out of that
     * order costs a binary search.
     */
    OpenFile find(int pid, int fd) {
        int n = rows.size();
        if (n == 0) return null;
        if (cursor < 0 || (cursor > 0 && compare(rows.get(cursor - 1), pid, fd) >= 0)) cursor = search(pid, fd);
        while (cursor < n && compare(rows.get(cursor), pid, fd) < 0) cursor++;
        if (cursor < n && compare(rows.get(cursor), pid, fd) == 0) return rows.get(cursor++);
        return null;
    }

    /** Keeps (weakly) a collection's rows, sorted by pid and fd, for the next one's look-ups. */
    void keep(List<OpenFile> files) {
        kept = new WeakReference<>(files);
        rows = List.of();
    }

    /** The position of the first row at or after pid and fd. */
    private int search(int pid, int fd) {
        int lo = 0, hi = rows.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(rows.get(mid), pid, fd) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int compare(OpenFile f, int pid, int fd) {
        return f.pid() != pid ? Integer.compare(f.pid(), pid) : Integer.compare(f.fd(), fd);
    }
}
