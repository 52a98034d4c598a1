package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.util.Holder;

/**
 * One SQL session over live snapshots: the Calcite connection, the snapshot every table of the
 * current statement reads, and the statements beyond SELECT. Shared by every front end.
 */
public final class Session implements AutoCloseable {
    public static final String SCHEMA = "bpftop";

    private final SnapshotSource source;
    private final Connection connection;
    private final List<StatementHandler> handlers = new CopyOnWriteArrayList<>();
    private volatile Snapshot current;
    /** Collector details the running statement's scans read (see {@link Prepared}). */
    private final Set<Detail> used = java.util.Collections.synchronizedSet(EnumSet.noneOf(Detail.class));
    private final Map<String, String> views;

    static {
        // A shipped view's ORDER BY is its point (`top` is busiest first): keep it when a statement
        // reads the view without an ORDER BY of its own, as PostgreSQL does, instead of Calcite's
        // default of dropping a sort inside a subquery.
        Hook.SQL2REL_CONVERTER_CONFIG_BUILDER.add((Holder<SqlToRelConverter.Config> config) ->
                config.set(config.get().withRemoveSortInSubQuery(false)));
    }

    public Session(SnapshotSource source) {
        this.source = source;
        try {
            Properties info = new Properties();
            info.setProperty("caseSensitive", "false");
            info.setProperty("unquotedCasing", "TO_LOWER");
            info.setProperty("quotedCasing", "UNCHANGED");
            info.setProperty("quoting", "DOUBLE_QUOTE");
            info.setProperty("conformance", "BABEL");
            info.setProperty("parserFactory", "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl#FACTORY");
            info.setProperty("fun", "standard,postgresql");
            info.setProperty("timeZone", "UTC");
            info.setProperty("typeSystem", BpftopTypeSystem.class.getName() + "#INSTANCE");
            // Calcite's driver directly: DriverManager would first load every JDBC driver in the jar.
            connection = new org.apache.calcite.jdbc.Driver().connect("jdbc:calcite:", info);
            CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
            SchemaPlus root = calcite.getRootSchema();
            SchemaPlus schema = root.add(SCHEMA, new org.apache.calcite.schema.impl.AbstractSchema());
            for (TableDef<?> def : Tables.all()) schema.add(def.name(), new SnapshotTable<>(def, this::snapshot, used::addAll));
            views = Views.shipped();
            for (Map.Entry<String, String> v : views.entrySet()) {
                schema.add(v.getKey(), new ShippedView(schema, v.getKey(), v.getValue()));
            }
            calcite.setSchema(SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the SQL engine: " + e.getMessage(), e);
        }
        handlers.add(new DescribeStatement());
    }

    public SnapshotSource source() { return source; }

    /** Statements beyond SELECT register here (FREEZE/THAW, …). Later registrations win. */
    public void addHandler(StatementHandler handler) { handlers.add(0, handler); }

    /** The snapshot the running statement reads; taken on first use if none yet. */
    public Snapshot snapshot() {
        Snapshot s = current;
        if (s == null) s = refresh();
        return s;
    }

    /** Takes a fresh snapshot for the next statement. */
    public Snapshot refresh() {
        Snapshot s = source.refresh();
        current = s;
        return s;
    }

    public Map<String, String> views() { return views; }

    /** The handler for a statement beyond SELECT, if one accepts it (the REPL launches WATCH this way). */
    public java.util.Optional<StatementHandler> handlerFor(String statement) {
        String sql = withoutSemicolon(statement);
        return handlers.stream().filter(h -> h.accepts(sql)).findFirst();
    }

    private static String withoutSemicolon(String statement) {
        return statement.strip().replaceFirst(";\\s*$", "");
    }

    /** Leading blanks stay: error positions then count from the statement as the user wrote it. */
    private static String forCalcite(String statement) {
        return statement.stripTrailing().replaceFirst(";\\s*$", "");
    }

    /** Runs one statement against a fresh snapshot. */
    public QueryResult execute(String statement) throws SqlError { return execute(statement, new Cancel()); }

    /** Runs one statement against a fresh snapshot; {@code cancel} stops its query, even one asked before the query exists. */
    public QueryResult execute(String statement, Cancel cancel) throws SqlError {
        String sql = withoutSemicolon(statement);
        java.util.Optional<StatementHandler> handler = handlerFor(sql);
        if (handler.isPresent()) return handler.get().execute(sql, this);
        // Plan first, then snapshot: the plan says whether the statement needs the cpu_pct baseline.
        // Any plan that reads an interval column wins; no plan seen at all means take the baseline.
        Boolean[] interval = {null};
        StatementKind kind = new StatementKind();
        long p0 = System.nanoTime();
        try (Hook.Closeable parsed = kind.watch();
             Hook.Closeable named = ColumnNames.watch();
             Hook.Closeable capture = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread(
                     (RelRoot root) -> interval[0] = interval[0] == Boolean.TRUE || IntervalPlans.readsInterval(root.rel));
             PreparedStatement ps = connection.prepareStatement(forCalcite(statement))) {
            long planNs = System.nanoTime() - p0;
            cancel.attach(ps);
            long t0 = System.nanoTime();
            current = source.refresh(Detail.all(), interval[0] != Boolean.FALSE);
            long t1 = System.nanoTime();
            return kind.shaped(run(ps, t1 - t0, t1 - planNs));
        } catch (SQLException | RuntimeException e) {
            throw SqlError.from(e);
        }
    }

    /** A query planned once and re-run on a fresh snapshot each time (WATCH). */
    public Prepared prepare(String sql) throws SqlError {
        try (Hook.Closeable parsed = new StatementKind().watch(); Hook.Closeable named = ColumnNames.watch()) {
            return new Prepared(connection.prepareStatement(forCalcite(sql)));
        } catch (SQLException | RuntimeException e) {
            throw SqlError.from(e);
        }
    }

    /**
     * A planned query. Its first run collects every detail and notes which ones its scans read; the
     * plan never changes, so later runs collect only those (a WATCH of pid and cpu_pct does not read
     * every process's namespaces and I/O each tick).
     */
    public final class Prepared implements AutoCloseable {
        private final PreparedStatement statement;
        private Set<Detail> details = Detail.all();

        private Prepared(PreparedStatement statement) { this.statement = statement; }

        public QueryResult run() throws SqlError {
            long t0 = System.nanoTime();
            current = source.refresh(details);
            long t1 = System.nanoTime();
            try {
                used.clear();
                QueryResult r = Session.run(statement, t1 - t0, t1);
                details = used.isEmpty() ? EnumSet.noneOf(Detail.class) : EnumSet.copyOf(used);
                return r;
            } catch (SQLException | RuntimeException e) {
                throw SqlError.from(e);
            }
        }

        /** The details later runs collect; all of them until the first run. */
        public Set<Detail> details() { return Set.copyOf(details); }

        @Override
        public void close() throws SQLException { statement.close(); }
    }

    private static QueryResult run(PreparedStatement ps, long collectNs, long queryStart) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String> names = new ArrayList<>(n);
            List<Integer> types = new ArrayList<>(n);
            String[] intervals = new String[n];
            for (int i = 1; i <= n; i++) {
                names.add(ColumnNames.label(md.getColumnLabel(i)));
                String typeName = md.getColumnTypeName(i);
                if (Intervals.isInterval(typeName)) intervals[i - 1] = typeName;
                types.add(intervals[i - 1] != null ? java.sql.Types.VARCHAR : md.getColumnType(i));
            }
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getObject(i + 1);
                    if (intervals[i] != null) row[i] = Intervals.format(intervals[i], row[i]);
                }
                rows.add(row);
            }
            return new QueryResult(names, types, rows, new QueryResult.Timings(collectNs, System.nanoTime() - queryStart));
        }
    }

    /** The JDBC connection, for tests and tools that need raw access. */
    public Connection connection() { return connection; }

    @Override
    public void close() throws Exception {
        connection.close();
        source.close();
    }
}
