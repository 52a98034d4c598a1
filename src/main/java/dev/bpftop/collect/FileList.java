package dev.bpftop.collect;

import java.util.List;

/**
 * One collection of open files, with the sockets that no descriptor holds (TIME_WAIT, orphans,
 * a socket only in flight), which belong to no process.
 */
public record FileList(List<OpenFile> files, List<SocketEntry> unheldSockets) {
    public FileList {
        files = List.copyOf(files);
        unheldSockets = List.copyOf(unheldSockets);
    }
}
