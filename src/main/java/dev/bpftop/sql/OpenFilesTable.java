package dev.bpftop.sql;

import static dev.bpftop.sql.ColumnType.*;

import dev.bpftop.collect.Detail;
import dev.bpftop.collect.OpenFile;
import dev.bpftop.enrich.Snapshot;
import java.util.List;

/** One row per open file descriptor of every process: lsof's view, and osquery's process_open_files. */
final class OpenFilesTable {
    /** anon_inode types and deleted files are told by their path. */
    private static final Needs PATHS = Needs.of(Detail.FILE_PATHS);

    private OpenFilesTable() {}

    static TableDef<OpenFile> def() {
        return TableDef.<OpenFile>builder("open_files", "One row per open file descriptor of each process (BPF task_file walk or /proc/PID/fd)",
                        s -> s.files().all().files())
                .rowsOfPid(OpenFilesTable::ofPid)
                // Collected on first use from the file walk, apart from the task walk: every
                // descriptor, and a path for each only when a column below that reads one is read.
                .needs(Needs.of(Detail.FDS))
                .column("pid", INTEGER, "Process id holding the descriptor (joins processes.pid)", (f, s) -> f.pid())
                .display(TaskColumns.PID)
                .column("fd", INTEGER, "File descriptor number", (f, s) -> f.fd())
                .column("type", VARCHAR, PATHS, "file, dir, socket, pipe, char, block, link, anon_inode (eventfd, epoll...) or unknown", (f, s) -> f.type())
                .column("path", VARCHAR, PATHS, "What /proc/PID/fd/N links to: a path (\" (deleted)\" appended when unlinked), socket:[inode], pipe:[inode], anon_inode:[eventfd]…", (f, s) -> f.path())
                .column("deleted", BOOLEAN, PATHS, "True when the file was unlinked while open (its path ends in \" (deleted)\", as lsof reads it)", (f, s) -> f.deleted())
                .column("flags", INTEGER, "open(2) flags (O_RDWR 2, O_APPEND 0x400, O_NONBLOCK 0x800, O_CLOEXEC 0x80000…)", (f, s) -> f.flags())
                .column("access", VARCHAR, "r, w or rw: what the descriptor was opened for", (f, s) -> f.access())
                .column("position", BIGINT, "Current file offset, bytes", (f, s) -> f.position())
                .column("inode", BIGINT, "Inode number (a socket's joins sockets.inode)", (f, s) -> f.inode())
                .column("device", VARCHAR, "major:minor of the filesystem the file lives on", (f, s) -> f.device())
                .build();
    }

    private static List<OpenFile> ofPid(Snapshot s, int pid) { return s.files().of(pid).files(); }
}
