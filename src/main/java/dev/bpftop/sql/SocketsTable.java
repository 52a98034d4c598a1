package dev.bpftop.sql;

import static dev.bpftop.sql.ColumnType.*;

import dev.bpftop.collect.Detail;
import dev.bpftop.collect.FileList;
import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.SocketEntry;
import dev.bpftop.enrich.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * One row per TCP, UDP or unix socket descriptor, and one per socket no process holds
 * (TIME_WAIT, orphans) with pid NULL: ss -tuxanp's view, and osquery's process_open_sockets.
 */
final class SocketsTable {
    private SocketsTable() {}

    /** A socket and the descriptor that holds it; pid and fd null when none does. */
    record Row(Integer pid, Integer fd, SocketEntry socket) {}

    static TableDef<Row> def() {
        return TableDef.<Row>builder("sockets", "One row per TCP, UDP or unix socket each process holds, and per socket none holds (pid NULL)",
                        s -> rows(s.files().all(), true))
                .rowsOfPid((s, pid) -> rows(s.files().of(pid), false))
                // Collected on first use from the file and socket walks, apart from the task walk; a
                // statement without this table runs no socket iterator (see FileScope).
                .needs(Needs.of(Detail.SOCKETS))
                .column("pid", INTEGER, "Process holding it (NULL: none, e.g. TIME_WAIT; those are from bpftop's own network namespace)", (r, s) -> r.pid())
                .display(TaskColumns.PID)
                .column("fd", INTEGER, "File descriptor in that process", (r, s) -> r.fd())
                .column("family", VARCHAR, "inet, inet6 or unix", (r, s) -> r.socket().familyName())
                .column("protocol", VARCHAR, "tcp, udp or unix", (r, s) -> r.socket().protocolName())
                .column("type", VARCHAR, "stream, dgram or seqpacket", (r, s) -> r.socket().typeName())
                .column("state", VARCHAR, "TCP's state names (LISTEN, ESTABLISHED, TIME_WAIT…); UNCONN for an unconnected UDP or unix socket", (r, s) -> r.socket().stateName())
                .column("local_address", VARCHAR, "Local IP address (RFC 5952 text); NULL for unix", (r, s) -> r.socket().localAddress())
                .column("local_port", INTEGER, "Local port; NULL for unix", (r, s) -> r.socket().localPortOrNull())
                .column("remote_address", VARCHAR, "Peer IP address; 0.0.0.0 or :: when not connected", (r, s) -> r.socket().remoteAddress())
                .column("remote_port", INTEGER, "Peer port; 0 when not connected", (r, s) -> r.socket().remotePortOrNull())
                .column("path", VARCHAR, "A unix socket's bound name; abstract names start with @, as ss shows them", (r, s) -> r.socket().unixPath())
                .column("inode", BIGINT, "Socket inode (joins open_files.inode); 0 for TIME_WAIT and request sockets", (r, s) -> r.socket().inode())
                .column("uid", BIGINT, "Owner uid (sk_uid); NULL for unix sockets, which /proc does not show", (r, s) -> r.socket().uid())
                .column("net_ns", BIGINT, "Network namespace inode (joins processes.net_ns)", (r, s) -> r.socket().netNs())
                .column("send_queue", BIGINT, "TCP: bytes not yet acknowledged; UDP: bytes queued to send (ss's Send-Q); NULL for unix", (r, s) -> r.socket().sendQueue())
                .column("recv_queue", BIGINT, "TCP: bytes not yet read, or a listener's accept backlog; UDP: bytes queued (Recv-Q); NULL for unix", (r, s) -> r.socket().recvQueue())
                .column("bytes_acked", BIGINT, "TCP bytes sent and acknowledged (RFC 4898 tcpEStatsAppHCThruOctetsAcked); NULL on procfs", (r, s) -> r.socket().bytesAcked())
                .column("bytes_received", BIGINT, "TCP bytes received; NULL on procfs", (r, s) -> r.socket().bytesReceived())
                .column("retransmits", BIGINT, "TCP segments retransmitted over the connection's life; NULL on procfs", (r, s) -> r.socket().retransmits())
                .build();
    }

    private static List<Row> rows(FileList files, boolean withUnheld) {
        List<Row> out = new ArrayList<>();
        for (OpenFile f : files.files()) if (f.socket() != null) out.add(new Row(f.pid(), f.fd(), f.socket()));
        if (withUnheld) for (SocketEntry s : files.unheldSockets()) out.add(new Row(null, null, s));
        return out;
    }
}
