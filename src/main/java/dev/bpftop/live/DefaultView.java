package dev.bpftop.live;

import dev.bpftop.sql.Column;
import dev.bpftop.sql.TableDef;
import dev.bpftop.sql.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The query behind the htop-like default view (the `top` view's columns), rebuilt when a key
 * changes what it selects: H (threads), K (kernel threads), -u (one user). Its columns are the
 * processes table's declarations, so they show with their declared headers, formats and roles.
 */
final class DefaultView {
    /**
     * A column of the view. {@code perThread} is how the threads view (H) reads it: from the thread
     * ({@code t.}), the process ({@code p.}), or an expression named after the column.
     */
    private record Item(Column<?> column, Columns.Use use, String perThread) {}

    private static final List<Item> ITEMS = items();

    boolean threads;
    boolean kernelThreads;
    final String user;

    DefaultView(String user) { this.user = user; }

    private static List<Item> items() {
        TableDef<?> processes = Tables.named("processes").orElseThrow();
        List<Item> items = new ArrayList<>();
        // A thread hangs under its process in the tree; the leader (tid = pid) takes the process's place.
        items.add(item(processes, "pid", Columns.Use.SHOWN, "t.tid AS pid"));
        items.add(item(processes, "ppid", Columns.Use.READ, "CASE WHEN t.tid = t.pid THEN p.ppid ELSE t.pid END AS ppid"));
        for (String c : List.of("username", "priority", "nice")) items.add(item(processes, c, Columns.Use.SHOWN, "t." + c));
        for (String c : List.of("vsz", "rss", "shared")) items.add(item(processes, c, Columns.Use.SHOWN, "p." + c));
        items.add(item(processes, "state", Columns.Use.SHOWN, "t.state"));
        items.add(item(processes, "cpu_pct", Columns.Use.SHOWN, "t.cpu_pct"));
        items.add(item(processes, "mem_pct", Columns.Use.SHOWN, "p.mem_pct"));
        items.add(item(processes, "cpu_time", Columns.Use.SHOWN, "t.cpu_time"));
        // Shown when some row has a value: procfs counts no network bytes; a thread has none of its own.
        items.add(item(processes, "io_rate", Columns.Use.OPTIONAL, "t.io_rate"));
        items.add(item(processes, "net_rate", Columns.Use.OPTIONAL, "CAST(NULL AS DOUBLE) AS net_rate"));
        for (String c : List.of("container_name", "unit", "gpu_util", "gpu_mem")) items.add(item(processes, c, Columns.Use.OPTIONAL, "p." + c));
        items.add(item(processes, "frozen", Columns.Use.SHOWN, "p.frozen")); // declared hidden: it colors the row
        items.add(item(processes, "comm", Columns.Use.READ, "t.comm"));
        items.add(item(processes, "cmdline", Columns.Use.SHOWN, "p.cmdline"));
        return List.copyOf(items);
    }

    private static Item item(TableDef<?> table, String name, Columns.Use use, String perThread) {
        Optional<? extends Column<?>> c = table.column(name);
        return new Item(c.orElseThrow(() -> new IllegalStateException("the default view names " + name + ", which processes does not declare")),
                use, perThread);
    }

    /** The view's columns, the same whether it reads processes or threads. */
    Columns columns() {
        return new Columns(ITEMS.stream().map(i -> Optional.<Column<?>>of(i.column())).toList(),
                ITEMS.stream().map(Item::use).toList(), true);
    }

    String query() {
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(String.join(", ", ITEMS.stream().map(i -> threads ? i.perThread() : "p." + i.column().name()).toList()));
        sql.append(threads ? " FROM threads t JOIN processes p ON p.pid = t.pid" : " FROM processes p");
        List<String> where = new ArrayList<>();
        if (!kernelThreads) where.add("NOT p.kernel_thread");
        if (user != null) where.add("p.username = '" + user.replace("'", "''") + "'");
        if (!where.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", where));
        return sql.toString();
    }
}
