package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A prepared query's result columns lead back to their declarations when they are plain, unrenamed column references. */
class DeclaredColumnsTest {
    private static Session session;

    @BeforeAll
    static void open() { session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0)); }

    @AfterAll
    static void close() throws Exception { session.close(); }

    /** table.column for each result column, or "-" for none. */
    private static List<String> origins(String sql) throws Exception {
        try (PreparedQuery p = session.prepare(sql)) {
            return p.declared().stream().map(DeclaredColumnsTest::origin).toList();
        }
    }

    private static String origin(Optional<Column<?>> c) {
        if (c.isEmpty()) return "-";
        for (TableDef<?> t : Tables.all()) if (t.columns().contains(c.get())) return t.name() + "." + c.get().name();
        return "?";
    }

    @Test
    void plainReferencesThroughViewsJoinsAndGroupKeys() throws Exception {
        assertEquals(List.of("processes.pid", "processes.rss", "processes.cmdline"), origins("SELECT pid, rss, cmdline FROM processes"));
        assertEquals(List.of("threads.tid", "threads.pid", "processes.vsz"),
                origins("SELECT t.tid, t.pid, p.vsz FROM threads t JOIN processes p ON p.pid = t.pid"));
        assertEquals(List.of("processes.pid", "processes.username"), origins("SELECT pid, username FROM top LIMIT 3"));
        assertEquals(List.of("processes.username", "-"), origins("SELECT username, count(*) FROM processes GROUP BY username"));
        assertEquals(List.of("cgroups.frozen"), origins("SELECT frozen FROM (SELECT * FROM cgroups) c ORDER BY path"));
    }

    @Test
    void expressionsAndRenamedColumnsAreNone() throws Exception {
        assertEquals(List.of("processes.pid", "-", "-", "-"), origins("SELECT pid, comm AS name, pid + 1, threads AS nthreads FROM processes"));
        assertEquals(List.of("-"), origins("SELECT 1 AS pid"));
    }

    @Test
    void declaredDisplayFactsTravelWithTheColumn() throws Exception {
        try (PreparedQuery p = session.prepare("SELECT rss, ppid, frozen, uid FROM processes")) {
            List<Display> shown = p.declared().stream().map(c -> c.orElseThrow().display()).toList();
            assertEquals(new Display("RES", Display.Kind.BYTES, 5, 2, Display.Role.NONE), shown.get(0));
            assertEquals(Display.Role.PPID, shown.get(1).role());
            assertEquals(Display.Kind.HIDDEN, shown.get(2).kind());
            assertEquals(Display.generic("uid", true), shown.get(3), "a column without display facts of its own shows generically");
        }
    }
}
