package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.Spawned;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same snapshot loaded into H2, an independent SQL engine: every query must give the same rows
 * in Calcite (through our tables) and in H2 (through plain inserted rows).
 */
class DifferentialTest {
    static Session session;
    static Connection h2;
    static Spawned extra;

    @BeforeAll
    static void load() throws Exception {
        // A few known processes so joins, GROUP BY and LIKE have something to find.
        extra = Spawned.shell("sleep 400 & sleep 401 & exec sleep 402");
        session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
        Snapshot snap = session.refresh();
        h2 = DriverManager.getConnection("jdbc:h2:mem:diff;DATABASE_TO_LOWER=TRUE");
        for (TableDef<?> t : Tables.all()) copy(t, snap);
    }

    @AfterAll
    static void close() throws Exception {
        h2.close();
        session.close();
        extra.close();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void copy(TableDef def, Snapshot snap) throws Exception {
        List<Column<Object>> cols = def.columns();
        StringBuilder ddl = new StringBuilder("CREATE TABLE \"" + def.name() + "\" (");
        StringBuilder ins = new StringBuilder("INSERT INTO \"" + def.name() + "\" VALUES (");
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) { ddl.append(", "); ins.append(", "); }
            ddl.append('"').append(cols.get(i).name()).append("\" ").append(h2Type(cols.get(i).type()));
            ins.append('?');
        }
        try (Statement st = h2.createStatement()) {
            st.execute(ddl.append(')').toString());
        }
        try (PreparedStatement ps = h2.prepareStatement(ins.append(')').toString())) {
            for (Object row : (List<Object>) def.rows().apply(snap)) {
                for (int i = 0; i < cols.size(); i++) {
                    Object v = cols.get(i).getter().get(row, snap);
                    if (v != null && cols.get(i).type() == ColumnType.TIMESTAMP) {
                        v = LocalDateTime.ofEpochSecond(Math.floorDiv((Long) v, 1000), (int) Math.floorMod((Long) v, 1000) * 1_000_000, ZoneOffset.UTC);
                    }
                    ps.setObject(i + 1, v);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String h2Type(ColumnType t) {
        return switch (t) {
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case VARCHAR -> "VARCHAR";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    static Stream<String> queries() {
        return Stream.of(
                // filters, projections, expressions
                "SELECT pid, ppid, comm FROM processes WHERE comm = 'sleep'",
                "SELECT pid, comm FROM processes WHERE comm LIKE 'sle%' OR comm LIKE '%thread%'",
                "SELECT pid FROM processes WHERE comm NOT LIKE 'k%' AND pid > 1",
                "SELECT pid, upper(comm), lower(state), char_length(comm) FROM processes",
                "SELECT pid, substring(comm FROM 1 FOR 3) || '-' || state FROM processes",
                "SELECT pid, CASE WHEN kernel_thread THEN 'kernel' WHEN uid = 0 THEN 'root' ELSE 'user' END FROM processes",
                "SELECT pid, rss / 4096, vsz - rss, threads * 2 FROM processes WHERE NOT kernel_thread",
                "SELECT pid FROM processes WHERE pid BETWEEN 1 AND 100 AND ppid IN (0, 1, 2)",
                "SELECT pid, start_time FROM processes WHERE start_time <= (SELECT max(start_time) FROM processes)",
                // NULL handling
                "SELECT pid, tty FROM processes WHERE tty IS NULL",
                "SELECT pid, coalesce(tty, '?'), coalesce(rss_anon, -1) FROM processes",
                "SELECT count(*), count(tty), count(rss_anon), count(DISTINCT tty) FROM processes",
                "SELECT pid, nullif(nice, 0) FROM processes",
                "SELECT pid FROM processes WHERE rss_anon IS NOT NULL AND rss_anon > 0",
                // aggregates and GROUP BY
                "SELECT uid, count(*), sum(rss), max(threads), min(pid) FROM processes GROUP BY uid",
                "SELECT state, count(*) FROM processes GROUP BY state HAVING count(*) > 1",
                "SELECT kernel_thread, count(*), sum(threads) FROM processes GROUP BY kernel_thread",
                "SELECT comm, count(*) AS n FROM processes GROUP BY comm HAVING count(*) >= 2",
                "SELECT avg(CAST(threads AS DOUBLE)), sum(CAST(rss AS DOUBLE)) FROM processes",
                "SELECT count(DISTINCT ppid), count(DISTINCT uid) FROM processes",
                // joins
                "SELECT c.pid, p.comm FROM processes c JOIN processes p ON c.ppid = p.pid",
                "SELECT c.pid, p.pid FROM processes c LEFT JOIN processes p ON c.ppid = p.pid WHERE p.pid IS NULL",
                "SELECT p.pid, count(t.tid) FROM processes p JOIN threads t ON t.pid = p.pid GROUP BY p.pid",
                "SELECT t.tid FROM threads t WHERE NOT EXISTS (SELECT 1 FROM processes p WHERE p.pid = t.pid)",
                "SELECT p.pid FROM processes p WHERE p.threads <> (SELECT count(*) FROM threads t WHERE t.pid = p.pid)",
                "SELECT s.processes, count(*) FROM system s CROSS JOIN processes p GROUP BY s.processes",
                // ORDER BY / LIMIT with total orders
                "SELECT pid, rss FROM processes ORDER BY rss DESC, pid LIMIT 5",
                "SELECT pid, comm FROM processes ORDER BY comm, pid LIMIT 10 OFFSET 3",
                "SELECT pid, tty FROM processes ORDER BY tty NULLS FIRST, pid",
                "SELECT uid, count(*) AS n FROM processes GROUP BY uid ORDER BY n DESC, uid",
                // window functions
                "SELECT pid, row_number() OVER (PARTITION BY uid ORDER BY pid) FROM processes",
                "SELECT pid, rank() OVER (ORDER BY threads DESC) FROM processes",
                "SELECT pid, sum(rss) OVER (PARTITION BY ppid) FROM processes",
                "SELECT pid, lag(pid) OVER (ORDER BY pid), lead(pid) OVER (ORDER BY pid) FROM processes",
                "SELECT pid, count(*) OVER () FROM processes WHERE comm = 'sleep'",
                // set operations, subqueries, CTEs
                "SELECT pid FROM processes WHERE comm = 'sleep' UNION SELECT ppid FROM processes WHERE comm = 'sleep'",
                "SELECT DISTINCT ppid FROM processes",
                "SELECT pid FROM processes WHERE ppid IN (SELECT pid FROM processes WHERE comm = 'sh')",
                "WITH big AS (SELECT pid, rss FROM processes WHERE rss > 0) SELECT count(*), min(rss) FROM big",
                "WITH RECURSIVE tree(pid, depth) AS (SELECT pid, 0 FROM processes WHERE pid = 1 "
                        + "UNION ALL SELECT p.pid, t.depth + 1 FROM processes p JOIN tree t ON p.ppid = t.pid) "
                        + "SELECT depth, count(*) FROM tree GROUP BY depth",
                "SELECT hostname, cpu_count, mem_total - mem_available FROM system");
    }

    @ParameterizedTest
    @MethodSource("queries")
    void calciteAndH2Agree(String sql) throws Exception {
        List<String> ours = rows(session.connection(), sql);
        List<String> theirs = rows(h2, sql);
        if (!sql.toUpperCase(Locale.ROOT).contains("ORDER BY") || sql.contains("OVER (")) {
            ours.sort(null);
            theirs.sort(null);
        }
        assertFalse(ours.isEmpty() && sql.contains("comm = 'sleep'"), "the spawned sleeps must be seen");
        assertEquals(theirs, ours, sql);
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) sb.append(normalize(rs, i, md.getColumnType(i))).append('|');
                out.add(sb.toString());
            }
        }
        return out;
    }

    private static String normalize(ResultSet rs, int i, int type) throws Exception {
        Object v = rs.getObject(i);
        if (v == null) return "NULL";
        if (type == Types.TIMESTAMP) {
            if (v instanceof Timestamp ts) return LocalDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC).toString();
            return v.toString();
        }
        if (v instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            return d.setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }
}
