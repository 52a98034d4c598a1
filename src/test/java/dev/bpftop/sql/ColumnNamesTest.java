package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unnamed result columns are named after their text, as sqlite3 names them, not EXPR$0. */
class ColumnNamesTest {
    private static Session session;

    @BeforeAll
    static void open() { session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0)); }

    @AfterAll
    static void close() throws Exception { session.close(); }

    private static List<String> names(String sql) throws SqlError { return session.execute(sql).columns(); }

    @Test
    void expressionsAreNamedAsWritten() throws SqlError {
        assertEquals(List.of("count(*)"), names("SELECT count(*) FROM processes"));
        assertEquals(List.of("COUNT(*)", "pid+1", "upper( comm )"), names("SELECT COUNT(*), pid+1, upper( comm ) FROM processes GROUP BY pid, comm"));
        assertEquals(List.of("1", "'x''y'", "pid % 2 = 0"), names("SELECT 1, 'x''y', pid % 2 = 0 FROM processes LIMIT 1"));
    }

    @Test
    void aCaseOverSeveralLinesIsOneLineOfText() throws SqlError {
        assertEquals(List.of("pid", "CASE WHEN pid = 1 THEN 'init' ELSE comm END"),
                names("SELECT pid,\n  CASE\n\tWHEN pid = 1 THEN 'init'\r\n    ELSE comm END\nFROM processes LIMIT 1"));
    }

    @Test
    void castsWithDoubleColonStartAtTheirOperand() throws SqlError {
        assertEquals(List.of("pid::varchar", "1 + pid::int", "(pid + 1)::bigint"),
                names("SELECT DISTINCT pid::varchar, 1 + pid::int, (pid + 1)::bigint FROM processes"));
        assertEquals(List.of("pid", "pid::varchar"), names("SELECT pid, pid::varchar FROM processes"));
    }

    @Test
    void aliasesAndColumnsKeepTheirNames() throws SqlError {
        assertEquals(List.of("n", "Mixed Case", "pid", "comm"),
                names("SELECT count(*) AS n, max(pid) AS \"Mixed Case\", pid, p.comm FROM processes p GROUP BY pid, p.comm"));
        assertEquals(List.of("plan"), names("EXPLAIN PLAN FOR SELECT 1"));
    }

    @Test
    void subqueriesAndSetOperationsAreNamedToo() throws SqlError {
        assertEquals(List.of("count(*)"), names("SELECT * FROM (SELECT count(*) FROM processes)"));
        assertEquals(List.of("pid % 2"), names("WITH t AS (SELECT pid % 2 FROM processes) SELECT * FROM t"));
        assertEquals(List.of("1"), names("SELECT 1 UNION ALL SELECT 2"));
        assertEquals(List.of("1"), names("SELECT 1"));
        assertEquals(List.of("pid", "count(*) OVER ()"), names("SELECT pid, count(*) OVER () FROM processes LIMIT 1"));
    }
}
