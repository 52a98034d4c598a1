package dev.bpftop.sql.kept;

import dev.bpftop.sql.compiled.CompiledCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.validate.SqlConformance;

/**
 * What a prepared query needs to run again without planning: its generated class, its result's
 * columns, and the table scans its plan hands to Calcite's interpreter (the one part of a plan that
 * is an object, not code: the table, the projected columns and the pushed-down filters). Made from
 * a statement Calcite has just prepared ({@link #of}); gives back an equal statement ({@link #signature}).
 * When every scan's table applies all its filters itself, the code calls the scans directly
 * ({@link DirectScan}, {@code direct}), and running the plan again sets up no interpreter.
 *
 * @param reads what {@code dev.bpftop.sql} learnt from the plan while Calcite made it (the details
 *              its columns need, whether it reads an interval or a live table), kept as text
 */
record KeptPlan(String sql, boolean oneColumn, List<ColumnMetaData> columns, byte[] rowType,
                List<RelCollation> collations, String className, Map<String, byte[]> classes,
                List<Scan> scans, boolean direct, List<String> reads) {

    /** A scan the plan stashed for the interpreter, under the name its generated code reads it by. */
    record Scan(String name, List<String> table, List<Integer> projects, byte[] filters) {
        List<RexNode> filters(RexCodec.Builder rex) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(filters));
            int n = in.readInt();
            List<RexNode> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(RexCodec.read(in, rex));
            return out;
        }
    }

    private static final String CONFORMANCE = "_conformance";
    private static final Field BINDABLE;

    static {
        Field f;
        try {
            f = CalcitePrepare.CalciteSignature.class.getDeclaredField("bindable");
            f.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            f = null;
        }
        BINDABLE = f;
    }

    KeptPlan withReads(List<String> reads) {
        return new KeptPlan(sql, oneColumn, columns, rowType, collations, className, classes, scans, direct, List.copyOf(reads));
    }

    /**
     * The parts of a statement Calcite just prepared; refused unless every part is plain enough to
     * write down and read back equal (checked here, by reading the scans back).
     */
    static KeptPlan of(String sql, CalcitePrepare.CalciteSignature<?> signature, CalcitePrepare.Context context)
            throws RexCodec.Unsupported {
        if (BINDABLE == null) throw new RexCodec.Unsupported("this Calcite hides a plan's class");
        if (signature.statementType != Meta.StatementType.SELECT || !signature.parameters.isEmpty()) {
            throw new RexCodec.Unsupported("not a plain query");
        }
        boolean oneColumn;
        if (signature.cursorFactory == Meta.CursorFactory.OBJECT) oneColumn = true;
        else if (signature.cursorFactory == Meta.CursorFactory.ARRAY) oneColumn = false;
        else throw new RexCodec.Unsupported("rows of " + signature.cursorFactory.style);
        for (ColumnMetaData c : signature.columns) {
            if (c.type.getClass() != ColumnMetaData.ScalarType.class) throw new RexCodec.Unsupported("column " + c.label);
        }
        Object bindable;
        try {
            bindable = BINDABLE.get(signature);
        } catch (IllegalAccessException e) {
            throw new RexCodec.Unsupported("this Calcite hides a plan's class");
        }
        Map<String, byte[]> classes = bindable == null ? null : CompiledCode.bytecodesOf(bindable.getClass().getClassLoader());
        if (classes == null || !classes.containsKey(bindable.getClass().getName())) throw new RexCodec.Unsupported("no bytecode");
        List<Scan> scans = new ArrayList<>();
        for (Map.Entry<String, Object> e : signature.internalParameters.entrySet()) {
            if (e.getKey().equals(CONFORMANCE) && e.getValue() == context.config().conformance()) continue;
            if (!(e.getValue() instanceof Bindables.BindableTableScan scan)) throw new RexCodec.Unsupported("stashed " + e.getKey());
            scans.add(new Scan(e.getKey(), scan.getTable().getQualifiedName(), scan.projects, filters(scan.filters)));
        }
        byte[] rowType = bytes(out -> RexCodec.writeType(out, signature.rowType));
        KeptPlan plan = new KeptPlan(sql, oneColumn, List.copyOf(signature.columns), rowType,
                List.copyOf(signature.getCollationList()), bindable.getClass().getName(), Map.copyOf(classes), List.copyOf(scans), false, List.of());
        Map<String, Object> again;
        RelDataType type;
        try {
            again = plan.interpretedScans(context);
            type = plan.rowType(context);
        } catch (IOException | RuntimeException e) {
            throw new RexCodec.Unsupported("does not read back: " + e);
        }
        for (Map.Entry<String, Object> e : again.entrySet()) {
            Bindables.BindableTableScan was = (Bindables.BindableTableScan) signature.internalParameters.get(e.getKey());
            Bindables.BindableTableScan is = (Bindables.BindableTableScan) e.getValue();
            if (!sameScan(was, is)) throw new RexCodec.Unsupported("a scan reads back otherwise: " + is.explain());
        }
        if (!type.getFullTypeString().equals(signature.rowType.getFullTypeString())) {
            throw new RexCodec.Unsupported("row type reads back as " + type.getFullTypeString());
        }
        return plan.direct(signature);
    }

    /**
     * This plan with its code calling the scans directly, when every scan's table applies all its
     * filters and the code builds its interpreters in Calcite's usual way; else this plan unchanged.
     */
    private KeptPlan direct(CalcitePrepare.CalciteSignature<?> signature) {
        if (scans.isEmpty()) return this;
        for (Scan s : scans) {
            Bindables.BindableTableScan scan = (Bindables.BindableTableScan) signature.internalParameters.get(s.name());
            SelfFilteringTable table = scan.getTable().unwrap(SelfFilteringTable.class);
            if (table == null || !table.appliesAll(new ArrayList<>(scan.filters))) return this;
        }
        Map<String, byte[]> rewritten;
        try {
            rewritten = InterpreterCalls.rewrite(classes);
            // Linking each rewritten class verifies its bytecode now, not in a later run.
            ClassLoader loader = CompiledCode.define(EnumerableInterpretable.class.getClassLoader(), rewritten);
            for (Map.Entry<String, byte[]> c : rewritten.entrySet()) {
                if (c.getValue() != classes.get(c.getKey())) Class.forName(c.getKey(), true, loader);
            }
        } catch (RexCodec.Unsupported | ReflectiveOperationException | LinkageError e) {
            return this;
        }
        return new KeptPlan(sql, oneColumn, columns, rowType, collations, className, Map.copyOf(rewritten), scans, true, reads);
    }

    private static boolean sameScan(Bindables.BindableTableScan a, Bindables.BindableTableScan b) {
        if (!a.explain().equals(b.explain()) || a.filters.size() != b.filters.size()) return false;
        for (int i = 0; i < a.filters.size(); i++) {
            if (!RexCodec.same(a.filters.get(i), b.filters.get(i))) return false;
        }
        return a.getRowType().getFullTypeString().equals(b.getRowType().getFullTypeString());
    }

    private static byte[] filters(List<RexNode> filters) throws RexCodec.Unsupported {
        return bytes(out -> {
            out.writeInt(filters.size());
            for (RexNode f : filters) RexCodec.write(out, f);
        });
    }

    private interface Writing {
        void write(DataOutput out) throws IOException, RexCodec.Unsupported;
    }

    private static byte[] bytes(Writing w) throws RexCodec.Unsupported {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            w.write(out);
        } catch (IOException e) {
            throw new RexCodec.Unsupported(e.toString());
        }
        return b.toByteArray();
    }

    /** The interpreter's scans, made again for {@code context}'s schema. */
    private Map<String, Object> interpretedScans(CalcitePrepare.Context context) throws IOException {
        RexCodec.Builder rex = new RexCodec.Builder(context.getTypeFactory());
        Map<String, Object> stashed = new LinkedHashMap<>();
        if (!scans.isEmpty()) {
            CalciteCatalogReader catalog = new CalciteCatalogReader(context.getRootSchema(), context.getDefaultSchemaPath(),
                    context.getTypeFactory(), context.config());
            // The interpreter optimises a scan with a planner of its own; this one only owns the nodes.
            RelOptCluster cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()), rex);
            for (Scan s : scans) {
                RelOptTable table = catalog.getTable(s.table());
                if (table == null) throw new IOException("no table " + s.table());
                stashed.put(s.name(), Bindables.BindableTableScan.create(cluster, table, s.filters(rex), s.projects()));
            }
        }
        return stashed;
    }

    /** The scans as the rewritten code calls them: the tables themselves, no cluster, no interpreter. */
    private Map<String, Object> directScans(CalcitePrepare.Context context) throws IOException {
        Map<String, Object> stashed = new LinkedHashMap<>();
        RexCodec.Builder rex = null;
        for (Scan s : scans) {
            CalciteSchema schema = context.getRootSchema();
            for (String part : s.table().subList(0, s.table().size() - 1)) {
                schema = schema == null ? null : schema.getSubSchema(part, true);
            }
            CalciteSchema.TableEntry entry = schema == null ? null : schema.getTable(s.table().getLast(), true);
            if (entry == null || !(entry.getTable() instanceof SelfFilteringTable table)) throw new IOException("no table " + s.table());
            // Most one-liners filter nothing: a row-expression builder is made only for a filter.
            if (rex == null && s.filters().length > Integer.BYTES) rex = new RexCodec.Builder(context.getTypeFactory());
            List<RexNode> filters = rex == null ? List.of() : s.filters(rex);
            if (!table.appliesAll(new ArrayList<>(filters))) throw new IOException("the table no longer applies the filters of " + s.table());
            int[] projects = s.projects() == null ? null : s.projects().stream().mapToInt(Integer::intValue).toArray();
            stashed.put(s.name(), new DirectScan(table, List.copyOf(filters), projects));
        }
        return stashed;
    }

    private RelDataType rowType(CalcitePrepare.Context context) throws IOException {
        return RexCodec.readType(new DataInputStream(new ByteArrayInputStream(rowType)), context.getTypeFactory());
    }

    /** The prepared statement again, for {@code context}'s connection: no parse, no validation, no planning. */
    <T> CalcitePrepare.CalciteSignature<T> signature(CalcitePrepare.Context context, long maxRowCount) throws IOException {
        Map<String, Object> internal = new LinkedHashMap<>();
        internal.put(CONFORMANCE, context.config().conformance());
        internal.putAll(direct ? directScans(context) : interpretedScans(context));
        Bindable<T> bindable;
        try {
            ClassLoader loader = CompiledCode.define(EnumerableInterpretable.class.getClassLoader(), classes);
            @SuppressWarnings("unchecked")
            Bindable<T> made = (Bindable<T>) loader.loadClass(className).getDeclaredConstructors()[0].newInstance();
            bindable = made;
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IOException("cannot load " + className + ": " + e);
        }
        return new CalcitePrepare.CalciteSignature<>(sql, List.of(), internal, rowType(context), columns,
                oneColumn ? Meta.CursorFactory.OBJECT : Meta.CursorFactory.ARRAY, context.getRootSchema(), collations,
                maxRowCount, bindable, Meta.StatementType.SELECT);
    }

    // The file: everything above but the Calcite objects, which are read back against the connection.

    void write(DataOutput out) throws IOException {
        out.writeUTF(sql);
        out.writeBoolean(oneColumn);
        out.writeInt(columns.size());
        for (ColumnMetaData c : columns) writeColumn(out, c);
        out.writeInt(rowType.length);
        out.write(rowType);
        out.writeInt(collations.size());
        for (RelCollation collation : collations) {
            out.writeInt(collation.getFieldCollations().size());
            for (RelFieldCollation f : collation.getFieldCollations()) {
                out.writeInt(f.getFieldIndex());
                out.writeUTF(f.direction.name());
                out.writeUTF(f.nullDirection.name());
            }
        }
        out.writeUTF(className);
        out.writeInt(classes.size());
        for (Map.Entry<String, byte[]> c : new java.util.TreeMap<>(classes).entrySet()) {
            out.writeUTF(c.getKey());
            out.writeInt(c.getValue().length);
            out.write(c.getValue());
        }
        out.writeInt(scans.size());
        for (Scan s : scans) {
            out.writeUTF(s.name());
            out.writeInt(s.table().size());
            for (String part : s.table()) out.writeUTF(part);
            out.writeInt(s.projects() == null ? -1 : s.projects().size());
            if (s.projects() != null) for (int p : s.projects()) out.writeInt(p);
            out.writeInt(s.filters().length);
            out.write(s.filters());
        }
        out.writeBoolean(direct);
        out.writeInt(reads.size());
        for (String r : reads) out.writeUTF(r);
    }

    static KeptPlan read(DataInput in) throws IOException {
        String sql = in.readUTF();
        boolean oneColumn = in.readBoolean();
        int n = count(in);
        List<ColumnMetaData> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) columns.add(readColumn(in));
        byte[] rowType = bytes(in);
        n = count(in);
        List<RelCollation> collations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int fields = count(in);
            List<RelFieldCollation> list = new ArrayList<>(fields);
            for (int j = 0; j < fields; j++) {
                list.add(new RelFieldCollation(in.readInt(), RelFieldCollation.Direction.valueOf(in.readUTF()),
                        RelFieldCollation.NullDirection.valueOf(in.readUTF())));
            }
            collations.add(RelCollations.of(list));
        }
        String className = in.readUTF();
        n = count(in);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) classes.put(in.readUTF(), bytes(in));
        n = count(in);
        List<Scan> scans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int parts = count(in);
            List<String> table = new ArrayList<>(parts);
            for (int j = 0; j < parts; j++) table.add(in.readUTF());
            int p = in.readInt();
            List<Integer> projects = null;
            if (p >= 0) {
                projects = new ArrayList<>(p);
                for (int j = 0; j < p; j++) projects.add(in.readInt());
            }
            scans.add(new Scan(name, List.copyOf(table), projects == null ? null : List.copyOf(projects), bytes(in)));
        }
        boolean direct = in.readBoolean();
        n = count(in);
        List<String> reads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) reads.add(in.readUTF());
        return new KeptPlan(sql, oneColumn, List.copyOf(columns), rowType, List.copyOf(collations), className,
                classes, List.copyOf(scans), direct, List.copyOf(reads));
    }

    private static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) throw new IOException("bad count " + n);
        return n;
    }

    private static byte[] bytes(DataInput in) throws IOException {
        byte[] b = new byte[count(in)];
        in.readFully(b);
        return b;
    }

    private static void writeColumn(DataOutput out, ColumnMetaData c) throws IOException {
        out.writeInt(c.ordinal);
        out.writeBoolean(c.autoIncrement);
        out.writeBoolean(c.caseSensitive);
        out.writeBoolean(c.searchable);
        out.writeBoolean(c.currency);
        out.writeInt(c.nullable);
        out.writeBoolean(c.signed);
        out.writeInt(c.displaySize);
        writeText(out, c.label);
        writeText(out, c.columnName);
        writeText(out, c.schemaName);
        out.writeInt(c.precision);
        out.writeInt(c.scale);
        writeText(out, c.tableName);
        writeText(out, c.catalogName);
        out.writeInt(c.type.id);
        writeText(out, c.type.name);
        out.writeUTF(c.type.rep.name());
        out.writeBoolean(c.readOnly);
        out.writeBoolean(c.writable);
        out.writeBoolean(c.definitelyWritable);
        writeText(out, c.columnClassName);
    }

    private static ColumnMetaData readColumn(DataInput in) throws IOException {
        int ordinal = in.readInt();
        boolean autoIncrement = in.readBoolean(), caseSensitive = in.readBoolean(), searchable = in.readBoolean(),
                currency = in.readBoolean();
        int nullable = in.readInt();
        boolean signed = in.readBoolean();
        int displaySize = in.readInt();
        String label = readText(in), columnName = readText(in), schemaName = readText(in);
        int precision = in.readInt(), scale = in.readInt();
        String tableName = readText(in), catalogName = readText(in);
        int typeId = in.readInt();
        String typeName = readText(in);
        ColumnMetaData.Rep rep = ColumnMetaData.Rep.valueOf(in.readUTF());
        boolean readOnly = in.readBoolean(), writable = in.readBoolean(), definitelyWritable = in.readBoolean();
        String columnClassName = readText(in);
        return new ColumnMetaData(ordinal, autoIncrement, caseSensitive, searchable, currency, nullable, signed, displaySize,
                label, columnName, schemaName, precision, scale, tableName, catalogName,
                ColumnMetaData.scalar(typeId, typeName, rep), readOnly, writable, definitelyWritable, columnClassName);
    }

    private static void writeText(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    private static String readText(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
