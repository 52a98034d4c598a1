package dev.bpftop.live;

import dev.bpftop.sql.Session;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The query behind the htop-like default view (the `top` view's columns), rebuilt when a key
 * changes what it selects: H (threads), K (kernel threads), -u (one user). CONTAINER, UNIT, GPU%
 * and GMEM join only when the processes table has them.
 */
final class DefaultView {
    private static final List<String> OPTIONAL = List.of("container_name", "unit", "gpu_util", "gpu_mem", "frozen");

    private final Set<String> available;
    boolean threads;
    boolean kernelThreads;
    String user;

    DefaultView(Session session, String user) {
        this.available = processColumns(session);
        this.user = user;
    }

    String query() {
        List<String> cols = new ArrayList<>(List.of("pid", "ppid", "username", "priority", "nice", "vsz", "rss", "shared",
                "state", "cpu_pct", "mem_pct", "cpu_time"));
        for (String c : OPTIONAL) if (available.contains(c)) cols.add(c);
        cols.addAll(List.of("comm", "cmdline"));
        List<String> where = new ArrayList<>();
        if (!kernelThreads) where.add("NOT p.kernel_thread");
        if (user != null) where.add("p.username = '" + user.replace("'", "''") + "'");
        StringBuilder sql = new StringBuilder("SELECT ");
        if (threads) {
            // A thread hangs under its process in the tree; the leader (tid = pid) takes the process's place.
            for (String c : cols) {
                sql.append(switch (c) {
                    case "pid" -> "t.tid AS pid";
                    case "ppid" -> "CASE WHEN t.tid = t.pid THEN p.ppid ELSE t.pid END AS ppid";
                    case "username", "priority", "nice", "state", "cpu_pct", "cpu_time", "comm" -> "t." + c;
                    default -> "p." + c;
                }).append(", ");
            }
            sql.setLength(sql.length() - 2);
            sql.append(" FROM threads t JOIN processes p ON p.pid = t.pid");
        } else {
            sql.append(String.join(", ", cols.stream().map(c -> "p." + c).toList())).append(" FROM processes p");
        }
        if (!where.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", where));
        return sql.toString();
    }

    private static Set<String> processColumns(Session session) {
        Set<String> names = new HashSet<>();
        for (Session.ColumnInfo c : session.columns("processes")) names.add(c.name().toLowerCase(Locale.ROOT));
        return names;
    }
}
