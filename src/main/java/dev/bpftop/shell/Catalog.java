package dev.bpftop.shell;

import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.TableDef;
import dev.bpftop.sql.Tables;
import dev.bpftop.sql.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/** The names the shell completes and highlights: keywords, tables, views, their columns, functions. */
final class Catalog {
    /** The words people type in bpftop's statements, from the grammar: highlighted as keywords and offered by completion. */
    static final Set<String> KEYWORDS = Grammar.keywords();

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final Session session;
    private final Map<String, List<Name>> columns = new LinkedHashMap<>();
    private Set<String> functions;

    /** A completion: the name, its SQL type (columns only) and what it is. */
    record Name(String name, String type, String description) {}

    Catalog(Session session) { this.session = session; }

    /** Tables then views, as `.tables` lists them. */
    List<Name> relations() {
        List<Name> out = new java.util.ArrayList<>();
        for (TableDef<?> t : Tables.all()) out.add(new Name(t.name(), null, t.description()));
        session.views().forEach((name, text) -> out.add(new Name(name, null, Views.description(text))));
        return out;
    }

    boolean isRelation(String name) {
        return relations().stream().anyMatch(r -> r.name().equals(name));
    }

    /** A table's or view's columns; empty for an unknown name. */
    synchronized List<Name> columns(String relation) {
        String key = relation.toLowerCase(Locale.ROOT);
        return columns.computeIfAbsent(key, this::load);
    }

    private List<Name> load(String relation) {
        return session.columns(relation).stream().map(c -> new Name(c.name(), c.type(), c.description())).toList();
    }

    /** Built-in function names (standard SQL and the PostgreSQL library the session enables), upper case. */
    synchronized Set<String> functions() {
        if (functions == null) {
            Set<String> names = new TreeSet<>();
            List<SqlOperator> ops = new java.util.ArrayList<>(SqlStdOperatorTable.instance().getOperatorList());
            ops.addAll(SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.POSTGRESQL).getOperatorList());
            for (SqlOperator op : ops) {
                if (op instanceof SqlFunction && (op.getSyntax() == SqlSyntax.FUNCTION || op.getSyntax() == SqlSyntax.FUNCTION_STAR) && NAME.matcher(op.getName()).matches()) {
                    names.add(op.getName());
                }
            }
            functions = names;
        }
        return functions;
    }
}
