package dev.bpftop.sql.kept;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.BasicSqlType;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The row expressions and types a kept plan needs, written and read back: column references,
 * plain literals (numbers, text, booleans, null) and calls of Calcite's own operators, each operator
 * named by the static field that holds it, so that reading gives the very same instance. Anything
 * else is {@link Unsupported}, and that plan is planned afresh each time instead of kept.
 */
final class RexCodec {
    /** A node or type this codec does not write. */
    static final class Unsupported extends Exception {
        Unsupported(String what) { super(what, null, false, false); }
    }

    /** Where Calcite keeps its operators. */
    private static final List<String> HOLDERS = List.of(
            "org.apache.calcite.sql.fun.SqlStdOperatorTable",
            "org.apache.calcite.sql.fun.SqlLibraryOperators",
            "org.apache.calcite.sql.fun.SqlInternalOperators");

    private static Map<SqlOperator, String> names;

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "short", short.class, "int", int.class, "long", long.class, "float", float.class, "double", double.class,
            "char", char.class);

    private RexCodec() {}

    /** Each operator's holder and field; built on first write only (a kept plan's reader looks one field up). */
    private static synchronized Map<SqlOperator, String> names() {
        if (names != null) return names;
        Map<SqlOperator, String> found = new IdentityHashMap<>();
        for (String holder : HOLDERS) {
            try {
                for (Field f : Class.forName(holder).getFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && SqlOperator.class.isAssignableFrom(f.getType())
                            && f.get(null) instanceof SqlOperator op) {
                        found.putIfAbsent(op, holder + "#" + f.getName());
                    }
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                // a holder this Calcite lacks: its operators are not kept
            }
        }
        return names = found;
    }

    static void writeType(DataOutput out, RelDataType type) throws IOException, Unsupported {
        if (type.isStruct()) {
            out.writeByte('S');
            out.writeInt(type.getFieldCount());
            for (RelDataTypeField f : type.getFieldList()) {
                out.writeUTF(f.getName());
                writeType(out, f.getType());
            }
            out.writeBoolean(type.isNullable());
            return;
        }
        if (type instanceof RelDataTypeFactoryImpl.JavaType java) {
            // A table's column as its Java class says (our tables declare theirs so).
            out.writeByte('J');
            out.writeUTF(java.getJavaClass().getName());
            out.writeBoolean(type.isNullable());
            return;
        }
        SqlTypeName name = type.getSqlTypeName();
        if (name == null || type.getClass() != BasicSqlType.class || type.getComponentType() != null || SqlTypeFamily.INTERVAL_DAY_TIME.contains(type)
                || SqlTypeFamily.INTERVAL_YEAR_MONTH.contains(type) || type.getKeyType() != null) {
            throw new Unsupported("type " + type.getFullTypeString());
        }
        out.writeByte('T');
        out.writeUTF(name.name());
        // A type made without a precision (VARCHAR) prints without one; made again with the
        // system's default precision it would differ (and take a character set too).
        out.writeBoolean(type.toString().contains("("));
        out.writeInt(type.getPrecision());
        out.writeInt(type.getScale());
        out.writeBoolean(type.isNullable());
        Charset charset = type.getCharset();
        SqlCollation collation = type.getCollation();
        out.writeBoolean(charset != null && collation != null);
        if (charset != null && collation != null) {
            out.writeUTF(charset.name());
            out.writeUTF(collation.getCollationName());
            out.writeUTF(collation.getCoercibility().name());
        }
    }

    static RelDataType readType(DataInput in, RelDataTypeFactory types) throws IOException {
        int kind = in.readByte();
        if (kind == 'S') {
            int n = in.readInt();
            RelDataTypeFactory.Builder b = types.builder();
            for (int i = 0; i < n; i++) {
                String field = in.readUTF();
                b.add(field, readType(in, types));
            }
            return types.createTypeWithNullability(b.build(), in.readBoolean());
        }
        if (kind == 'J') {
            String name = in.readUTF();
            Class<?> c = PRIMITIVES.get(name);
            try {
                if (c == null) c = Class.forName(name, false, RexCodec.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException("no class " + name);
            }
            return types.createTypeWithNullability(((JavaTypeFactory) types).createType(c), in.readBoolean());
        }
        if (kind != 'T') throw new IOException("not a type");
        SqlTypeName name = SqlTypeName.valueOf(in.readUTF());
        boolean sized = in.readBoolean();
        int precision = in.readInt(), scale = in.readInt();
        boolean nullable = in.readBoolean();
        RelDataType type = !sized ? types.createSqlType(name)
                : name.allowsPrecScale(true, true) ? types.createSqlType(name, precision, scale)
                : name.allowsPrecScale(true, false) ? types.createSqlType(name, precision)
                : types.createSqlType(name);
        if (in.readBoolean()) {
            Charset charset = Charset.forName(in.readUTF());
            String collation = in.readUTF();
            SqlCollation.Coercibility coercibility = SqlCollation.Coercibility.valueOf(in.readUTF());
            // The factory gives text its default character set and collation; only another is applied.
            SqlCollation made = type.getCollation();
            if (!charset.equals(type.getCharset()) || made == null || !made.getCollationName().equals(collation)
                    || made.getCoercibility() != coercibility) {
                type = types.createTypeWithCharsetAndCollation(type, charset, new SqlCollation(collation, coercibility));
            }
        }
        return types.createTypeWithNullability(type, nullable);
    }

    static void write(DataOutput out, RexNode node) throws IOException, Unsupported {
        switch (node) {
            case RexInputRef ref when ref.getClass() == RexInputRef.class -> {
                out.writeByte('I');
                out.writeInt(ref.getIndex());
                writeType(out, ref.getType());
            }
            case RexLiteral literal -> {
                out.writeByte('L');
                writeType(out, literal.getType());
                writeValue(out, literal);
            }
            case RexCall call when call.getClass() == RexCall.class -> {
                String op = names().get(call.getOperator());
                if (op == null) throw new Unsupported("operator " + call.getOperator());
                out.writeByte('C');
                out.writeUTF(op);
                writeType(out, call.getType());
                out.writeInt(call.getOperands().size());
                for (RexNode operand : call.getOperands()) write(out, operand);
            }
            default -> throw new Unsupported(node.getClass().getSimpleName() + " " + node);
        }
    }

    /** A literal's value as it holds it (its type name says how), so that it reads back the very same. */
    private static void writeValue(DataOutput out, RexLiteral literal) throws IOException, Unsupported {
        SqlTypeName name = literal.getTypeName();
        out.writeUTF(name.name());
        switch (literal.getValue()) {
            case null -> out.writeByte('0');
            case Boolean b -> {
                out.writeByte('B');
                out.writeBoolean(b);
            }
            case BigDecimal d -> {
                out.writeByte('N');
                out.writeUTF(d.toString());
            }
            case NlsString s when s.getValue() != null -> {
                out.writeByte('S');
                out.writeUTF(s.getValue());
                out.writeBoolean(s.getCharsetName() != null);
                if (s.getCharsetName() != null) out.writeUTF(s.getCharsetName());
                SqlCollation c = s.getCollation();
                out.writeBoolean(c != null);
                if (c != null) {
                    out.writeUTF(c.getCollationName());
                    out.writeUTF(c.getCoercibility().name());
                }
            }
            default -> throw new Unsupported("literal " + literal + " of " + name);
        }
    }

    private static Comparable<?> readValue(DataInput in) throws IOException {
        return switch (in.readByte()) {
            case '0' -> null;
            case 'B' -> in.readBoolean();
            case 'N' -> new BigDecimal(in.readUTF());
            case 'S' -> {
                String value = in.readUTF();
                String charset = in.readBoolean() ? in.readUTF() : null;
                SqlCollation collation = in.readBoolean() ? new SqlCollation(in.readUTF(), SqlCollation.Coercibility.valueOf(in.readUTF())) : null;
                yield new NlsString(value, charset, collation);
            }
            default -> throw new IOException("not a literal");
        };
    }

    /** A RexBuilder that makes a literal exactly as described, as Calcite's own reading of a plan does. */
    static final class Builder extends RexBuilder {
        Builder(RelDataTypeFactory types) { super(types); }

        RexLiteral literal(Comparable<?> value, RelDataType type, SqlTypeName name) {
            return makeLiteral(value, type, name);
        }
    }

    static RexNode read(DataInput in, Builder rex) throws IOException {
        int kind = in.readByte();
        RelDataTypeFactory types = rex.getTypeFactory();
        return switch (kind) {
            case 'I' -> {
                int index = in.readInt();
                yield rex.makeInputRef(readType(in, types), index);
            }
            case 'L' -> {
                RelDataType type = readType(in, types);
                SqlTypeName name = SqlTypeName.valueOf(in.readUTF());
                yield rex.literal(readValue(in), type, name);
            }
            case 'C' -> {
                SqlOperator op = operator(in.readUTF());
                RelDataType type = readType(in, types);
                int n = in.readInt();
                List<RexNode> operands = new ArrayList<>(n);
                for (int i = 0; i < n; i++) operands.add(read(in, rex));
                yield rex.makeCall(type, op, operands);
            }
            default -> throw new IOException("not an expression");
        };
    }

    private static SqlOperator operator(String ref) throws IOException {
        int hash = ref.indexOf('#');
        if (hash < 0 || !HOLDERS.contains(ref.substring(0, hash))) throw new IOException("not an operator: " + ref);
        try {
            return (SqlOperator) Class.forName(ref.substring(0, hash)).getField(ref.substring(hash + 1)).get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IOException("no operator " + ref);
        }
    }

    /** Whether two expressions print alike and have the same types all the way down. */
    static boolean same(RexNode a, RexNode b) {
        if (!a.toString().equals(b.toString()) || !a.getType().getFullTypeString().equals(b.getType().getFullTypeString())) return false;
        if (a instanceof RexCall ca && b instanceof RexCall cb) {
            if (ca.getOperator() != cb.getOperator() || ca.getOperands().size() != cb.getOperands().size()) return false;
            for (int i = 0; i < ca.getOperands().size(); i++) {
                if (!same(ca.getOperands().get(i), cb.getOperands().get(i))) return false;
            }
        }
        return a.getClass() == b.getClass();
    }
}
