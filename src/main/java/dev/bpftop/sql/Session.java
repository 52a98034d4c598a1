package dev.bpftop.sql;

import dev.bpftop.cgroup.CgroupException;
import dev.bpftop.cgroup.CgroupLookup;
import dev.bpftop.cgroup.Guard;
import dev.bpftop.collect.Detail;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.kept.KeepingPrepare;
import dev.bpftop.sql.kept.KeptPlans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.util.Holder;

/**
 * One SQL session over live snapshots: the Calcite connection, the snapshot every table of the
 * current statement reads, and the running of {@link Statement}s. Shared by every front end, which
 * parse with {@link Grammar}, {@link #run} the statement and act on its {@link Outcome}.
 */
public final class Session implements AutoCloseable {
    public static final String SCHEMA = "bpftop";
    private static final String TIME_ZONE = "UTC";

    private final SnapshotSource source;
    private final Connection connection;
    private final SchemaPlus root;
    private volatile Snapshot current;
    /** Collector details the running statement's scans read (see {@link PreparedQuery}). */
    private final Set<Detail> used = java.util.Collections.synchronizedSet(EnumSet.noneOf(Detail.class));
    private final Map<String, String> views;
    private final Relations relations;
    private final PlanCache plans = new PlanCache();
    /** Plans kept across processes (a one-liner's); null: none. */
    private volatile KeptPlans kept;
    private volatile Guard guard = Guard.forThisProcess();
    /** Tests running bpftop as its own process keep THAW ALL (and its sweep of empty helpers) inside their scratch cgroup. */
    private volatile String thawAllScope = System.getProperty("bpftop.test.thawAllScope", "/");
    private volatile Limits limits = Limits.DEFAULT;
    /** Closed with the session, unless another owns it (the agent's sessions share one). */
    private final boolean ownsSource;
    /** What this session's viewer may see of each snapshot (the agent narrows it for a non-root peer). */
    private volatile UnaryOperator<Snapshot> view = UnaryOperator.identity();

    static {
        // A shipped view's ORDER BY is its point (`top` is busiest first): keep it when a statement
        // reads the view without an ORDER BY of its own, as PostgreSQL does, instead of Calcite's
        // default of dropping a sort inside a subquery.
        Hook.SQL2REL_CONVERTER_CONFIG_BUILDER.add((Holder<SqlToRelConverter.Config> config) ->
                config.set(config.get().withRemoveSortInSubQuery(false)));
        Hook.PLANNER.add((org.apache.calcite.plan.RelOptPlanner planner) -> planner.addRule(OneColumnScanRule.INSTANCE));
    }

    public Session(SnapshotSource source) { this(source, true); }

    /** A session over a source others use too: closing it leaves the source open. */
    public static Session sharing(SnapshotSource source) { return new Session(source, false); }

    private Session(SnapshotSource source, boolean ownsSource) {
        this.source = source;
        this.ownsSource = ownsSource;
        try {
            // Calcite's driver directly: DriverManager would first load every JDBC driver in the jar.
            // Its preparation consults kept plans only while keepPlans is in force.
            connection = new org.apache.calcite.jdbc.Driver().withPrepareFactory(KeepingPrepare::new).connect("jdbc:calcite:", dialect());
            CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
            root = calcite.getRootSchema();
            SchemaPlus schema = root.add(SCHEMA, new org.apache.calcite.schema.impl.AbstractSchema());
            for (TableDef<?> def : Tables.all()) schema.add(def.name(), new SnapshotTable<>(def, this::snapshot, used::addAll));
            views = Views.shipped();
            for (Map.Entry<String, String> v : views.entrySet()) {
                schema.add(v.getKey(), new ShippedView(schema, v.getKey(), v.getValue()));
            }
            calcite.setSchema(SCHEMA);
            relations = new Relations(connection, views);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the SQL engine: " + e.getMessage(), e);
        }
    }

    /** bpftop's SQL as Calcite's connection properties: names, quoting, functions, types (the fleet's connection too). */
    public static Properties dialect() {
        Properties info = new Properties();
        info.setProperty("caseSensitive", "false");
        info.setProperty("unquotedCasing", "TO_LOWER");
        info.setProperty("quotedCasing", "UNCHANGED");
        info.setProperty("quoting", "DOUBLE_QUOTE");
        info.setProperty("conformance", "LENIENT");
        info.setProperty("parserFactory", ConditionParser.class.getName() + "#FACTORY");
        info.setProperty("fun", "standard,postgresql");
        info.setProperty("timeZone", TIME_ZONE);
        info.setProperty("typeSystem", BpftopTypeSystem.class.getName() + "#INSTANCE");
        return info;
    }

    public SnapshotSource source() { return source; }

    /**
     * Takes statements' plans from {@code store}, and keeps new ones there, from now on (null: no
     * longer); until the live tables are replaced (--at). See {@link KeptPlans}.
     */
    public void keepPlans(KeptPlans store) { kept = store; }

    /** What became of the last statement's plan in the store, for --verbose; null when none is in use. */
    public String keptPlanOutcome() {
        KeptPlans k = kept;
        return k == null ? null : k.lastOutcome();
    }

    /** Where other packages add schemas of their own (the recording: history). */
    public SchemaPlus rootSchema() { return root; }

    /**
     * Puts other tables of the same columns in place of the live ones (a recorded snapshot, for
     * --at): views and statements then read those, unchanged.
     */
    public void replaceTables(java.util.function.Function<TableDef<?>, org.apache.calcite.schema.Table> replacement) {
        SchemaPlus schema = root.getSubSchema(SCHEMA);
        for (TableDef<?> def : Tables.all()) schema.add(def.name(), replacement.apply(def));
        plans.clear();
        kept = null;
    }

    /** The snapshot the running statement reads; taken on first use if none yet. */
    public Snapshot snapshot() {
        Snapshot s = current;
        if (s == null) s = refresh();
        return s;
    }

    /** Takes a fresh snapshot for the next statement. */
    public Snapshot refresh() { return refresh(Detail.all()); }

    /** Takes a fresh snapshot holding at least {@code details} (what the prepared statements to run on it read). */
    public Snapshot refresh(Set<Detail> details) {
        Snapshot s = view.apply(source.refresh(details));
        current = s;
        return s;
    }

    /** Whether a statement has taken a snapshot since the session began or its view changed. */
    boolean hasSnapshot() { return current != null; }

    /** Forgets which details the scans read, before a statement runs. */
    void clearDetailsRead() { used.clear(); }

    /** The details the scans of the statement just run read. */
    Set<Detail> detailsRead() {
        synchronized (used) {
            return used.isEmpty() ? EnumSet.noneOf(Detail.class) : EnumSet.copyOf(used);
        }
    }

    /** From now on, statements see each snapshot through {@code view}. */
    public void view(UnaryOperator<Snapshot> view) {
        this.view = view;
        current = null;
    }

    public Map<String, String> views() { return views; }

    /**
     * Who counts as bpftop and init for FREEZE's refusals, and where THAW ALL looks: tests stand in
     * real processes for them and keep THAW ALL inside their scratch cgroup.
     */
    public void freezeRules(Guard guard, String thawAllScope) {
        this.guard = guard;
        this.thawAllScope = thawAllScope;
    }

    /** How long a statement may run and how much its rows may take; see {@link Limits}. */
    public Limits limits() { return limits; }

    public void limits(Limits limits) { this.limits = limits; }

    /**
     * Runs one statement on a snapshot of its own; {@code cancel} stops it, even when asked before it
     * started. It runs within the session's {@link Limits}, and whatever goes wrong ends in one
     * {@link SqlError}.
     */
    public Outcome run(Statement statement, Cancel cancel) throws SqlError { return run(statement, cancel, null); }

    /**
     * As {@link #run(Statement, Cancel)}, but a query's rows go to {@code rowsTo} as they are read,
     * on the statement's own thread, and its outcome is {@link Outcome.Streamed}; null: into
     * {@link Outcome.Rows}. Other statements' rows (EXPLAIN, DESCRIBE) come back whole either way.
     */
    public Outcome run(Statement statement, Cancel cancel, RowSink rowsTo) throws SqlError {
        return Bounded.run(() -> unbounded(statement, cancel, rowsTo), cancel, limits.timeout());
    }

    private Outcome unbounded(Statement statement, Cancel cancel, RowSink rowsTo) throws SqlError {
        return switch (statement) {
            case Statement.Query q when rowsTo != null -> new Outcome.Streamed(query(q.sql(), cancel, rowsTo));
            case Statement.Query q -> new Outcome.Rows(query(q.sql(), cancel));
            case Statement.Explain e -> new Outcome.Rows(query(e.sql(), cancel).perOperator());
            case Statement.Describe d -> new Outcome.Rows(Descriptions.describe(d, views));
            case Statement.ShowTables s -> new Outcome.Rows(Descriptions.tables(views));
            case Statement.Freezing f -> new Outcome.Planned(plan(f, cancel));
            case Statement.Watch w -> new Outcome.Live(w);
        };
    }

    /** Parses and runs a statement that returns rows (SQL, DESCRIBE, SHOW TABLES): for tools and tests. */
    public QueryResult execute(String text) throws SqlError { return execute(text, new Cancel()); }

    public QueryResult execute(String text, Cancel cancel) throws SqlError {
        return switch (run(Grammar.parse(text), cancel)) {
            case Outcome.Rows r -> r.result();
            case Outcome.Streamed s -> throw new IllegalStateException("no sink was given");
            case Outcome.Planned p -> throw new SqlError(p.plan().verb() + " returns a plan to confirm, not rows", 0, 0);
            case Outcome.Live l -> throw new SqlError("WATCH needs a terminal: run it in the shell or with -e on a terminal", 0, 0);
        };
    }

    private QueryResult query(String sql, Cancel cancel) throws SqlError {
        CollectedRows rows = new CollectedRows();
        return rows.result(query(sql, cancel, rows));
    }

    private QueryResult.Timings query(String sql, Cancel cancel, RowSink sink) throws SqlError {
        RowSink bounded = RowBudget.over(sink, limits.maxBytes());
        return plannedThenCollected(sql, true, Set.of(), cancel, (ps, collectNs, queryStart) -> {
            rows(ps, null, bounded);
            return new QueryResult.Timings(collectNs, System.nanoTime() - queryStart);
        });
    }

    /** Something read from a prepared statement once its snapshot is there. */
    @FunctionalInterface
    private interface Reading<R> {
        R read(PreparedStatement ps, long collectNs, long queryStart) throws SQLException;
    }

    /**
     * Plans first (or reuses the plan of the same text), then takes the statement's snapshot: the
     * plan says which details it reads and whether it needs the cpu_pct baseline. Any plan that
     * reads an interval column wins; no plan seen at all means take the baseline.
     * @param reuse whether the plan may come from, and go back to, the session's {@link PlanCache}
     * @param also details the snapshot needs beyond what the plan reads (FREEZE's planner reads cgroups)
     */
    private <R> R plannedThenCollected(String sql, boolean reuse, Set<Detail> also, Cancel cancel, Reading<R> reading) throws SqlError {
        long p0 = System.nanoTime();
        PlanCache.Planned planned = reuse ? plans.take(sql) : null;
        boolean finished = false;
        try {
            if (planned == null) planned = PlanCache.plan(connection, sql, reuse ? kept : null);
            long planNs = System.nanoTime() - p0;
            cancel.attach(planned.statement());
            FirstRead.prepare(TIME_ZONE);
            long t0 = System.nanoTime();
            // A statement over the recording alone (history.*, --at), or over no table, walks nothing.
            if (planned.readsLive() || !also.isEmpty()) current = view.apply(source.refresh(Detail.union(planned.details(), also), planned.wantsInterval()));
            long t1 = System.nanoTime();
            R result = reading.read(planned.statement(), t1 - t0, t1 - planNs);
            finished = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            throw SqlError.from(e);
        } finally {
            if (planned != null && finished && reuse) plans.give(sql, planned);
            else if (planned != null) planned.close();
        }
    }

    /**
     * FREEZE or THAW: the plan, from the statement's own snapshot, changing nothing. A WHERE
     * condition is planned by Calcite where it stands in the statement and selects pids from that
     * snapshot. {@link #run} gives the same plan as {@link Outcome.Planned}.
     */
    public Plan plan(Statement.Freezing statement, Cancel cancel) throws SqlError {
        CgroupLookup paths;
        try {
            paths = CgroupLookup.system();
        } catch (CgroupException e) {
            throw new SqlError(e.getMessage(), 0, 0);
        }
        List<Integer> selected = List.of();
        if (statement.target() == Statement.Target.WHERE) {
            String condition = ConditionParser.inPlace(statement);
            try (Hook.Closeable parsing = ConditionParser.expecting(condition)) {
                // The condition may read no cgroup; the planner reads every process's, in the same snapshot.
                selected = plannedThenCollected(condition, false, EnumSet.of(Detail.CGROUP), cancel, (ps, collectNs, queryStart) -> pids(ps));
            }
        } else {
            current = view.apply(source.refresh(EnumSet.of(Detail.CGROUP), false));
        }
        return new FreezePlanner(current, paths, guard, paths.of(thawAllScope)).plan(statement, selected);
    }

    private static List<Integer> pids(PreparedStatement ps) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getInt(1));
        }
        return out;
    }

    /** A query planned once and re-run on a fresh snapshot each time (WATCH). */
    public PreparedQuery prepare(String sql) throws SqlError {
        return Bounded.run(() -> {
            List<List<Optional<Column<?>>>> declared = new ArrayList<>();
            PlanReads reads = new PlanReads();
            try (Hook.Closeable readOnly = ReadOnly.watch(); Hook.Closeable named = ColumnNames.watch();
                 Hook.Closeable typed = TextNumberComparisons.watch();
                 Hook.Closeable origins = DeclaredColumns.watch(declared::add);
                 Hook.Closeable plan = reads.watch()) {
                PreparedStatement ps = connection.prepareStatement(ColumnNames.parsed(Grammar.calcite(sql)));
                int n = ps.getMetaData().getColumnCount();
                // The outermost statement is converted last; a view or subquery converted on the way has its own turn.
                List<Optional<Column<?>>> columns = declared.isEmpty() ? List.of() : declared.getLast();
                return new PreparedQuery(this, ps, columns.size() >= n ? List.copyOf(columns.subList(0, n)) : java.util.Collections.nCopies(n, Optional.empty()),
                        reads.allDetails(), reads.readsLive(), reads.scan());
            } catch (SQLException | RuntimeException e) {
                throw SqlError.from(e);
            }
        }, new Cancel(), limits.timeout());
    }

    /** Runs a query, its rows to {@code sink}; {@code scan}, when not null, is its plan as a plain scan. */
    static void rows(PreparedStatement ps, ScanPlan scan, RowSink sink) throws SQLException {
        if (DirectRows.read(ps, scan, sink)) return;
        try (ResultSet rs = ps.executeQuery()) {
            QueryResult.read(rs, sink);
        }
    }

    /** A table's or view's columns; empty for an unknown name. A view's are whatever its SELECT yields. */
    public List<ColumnInfo> columns(String relation) { return relations.columns(relation); }

    /**
     * Up to {@code max} distinct values of a text column, sorted, from a fresh snapshot (so that a
     * process started since the last statement counts too); empty when the column does not exist.
     */
    public List<String> values(String relation, String column, int max) {
        if (!relations.hasColumn(relation, column)) return List.of();
        refresh();
        return relations.values(relation, column, max);
    }

    /**
     * This session as a JDBC connection for remote clients: each execution reads a fresh snapshot
     * (seen through the session's view), within the session's timeout; FREEZE/THAW and changes are
     * refused. Closing it closes the session.
     */
    public Connection jdbc() { return SnapshotPerStatement.wrap(this, connection); }

    /** The JDBC connection, for the differential test, which runs the same SQL on H2. */
    Connection connection() { return connection; }

    @Override
    public void close() throws Exception {
        plans.close();
        connection.close();
        if (ownsSource) source.close();
    }
}
