package dev.bpftop.live;

import dev.bpftop.sql.Display;
import dev.bpftop.sql.QueryResult;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One tick's rows as the screen shows them: filtered, sorted by the chosen column, and optionally
 * arranged as a process tree by pid/ppid. Sorting and filtering happen here, on the rows the
 * prepared query returned, so changing them never re-plans the query.
 */
final class Grid {
    /** A row and, in tree mode, the branch drawn before its command. */
    record Line(Object[] row, String branch) {}

    private final List<String> names;
    /** Each column's display facts: its declared ones, or generic ones for an expression. */
    final Display[] displays;
    final boolean[] numeric;
    /** Columns shown only when some row has a value (see {@link Columns}). */
    private final boolean[] optional;
    /** The columns the view reads by their declared role: -1 for none. */
    final int pid, ppid, command, comm, frozen;

    Grid(List<String> names, List<Integer> jdbcTypes, Columns columns) {
        this.names = List.copyOf(names);
        int n = names.size();
        displays = new Display[n];
        numeric = new boolean[n];
        optional = new boolean[n];
        for (int i = 0; i < n; i++) {
            numeric[i] = isNumeric(jdbcTypes.get(i));
            displays[i] = columns.display(i, names.get(i), numeric[i]);
            optional[i] = columns.optional(i);
        }
        int byPid = find(Display.Role.PID);
        pid = byPid >= 0 ? byPid : find(Display.Role.TID);
        ppid = find(Display.Role.PPID);
        comm = find(Display.Role.COMM);
        frozen = find(Display.Role.FROZEN);
        int cmdline = -1;
        for (int i = 0; i < n && cmdline < 0; i++) if (displays[i].kind() == Display.Kind.COMMAND) cmdline = i;
        command = cmdline >= 0 ? cmdline : comm;
    }

    private int find(Display.Role role) {
        for (int i = 0; i < displays.length; i++) if (displays[i].role() == role) return i;
        return -1;
    }

    boolean hasTree() { return pid >= 0 && ppid >= 0; }

    int index(String name) { return names.indexOf(name); }

    boolean sameColumns(List<String> other) { return names.equals(other); }

    int size() { return names.size(); }

    Integer pidOf(Object[] row) {
        return pid >= 0 && row[pid] instanceof Number n ? n.intValue() : null;
    }

    /** The text a person calls "the command": cmdline, or [comm] for kernel threads and zombies. */
    String commandOf(Object[] row) {
        Object c = command >= 0 ? row[command] : null;
        if ((c == null || c.toString().isEmpty()) && comm >= 0 && row[comm] != null) return "[" + row[comm] + "]";
        return c == null ? "" : c.toString();
    }

    /** Optional columns with no value in the last result; the layout leaves them out. */
    boolean[] empty = new boolean[0];

    List<Line> arrange(QueryResult result, ViewState state) {
        empty = new boolean[size()];
        for (int i = 0; i < size(); i++) {
            if (!optional[i]) continue;
            empty[i] = true;
            for (Object[] r : result.rows()) {
                if (r[i] != null && !r[i].toString().isEmpty()) { empty[i] = false; break; }
            }
        }
        List<Object[]> rows = new ArrayList<>(result.rows().size());
        String filter = state.filter.toLowerCase(Locale.ROOT);
        for (Object[] r : result.rows()) {
            if (filter.isEmpty() || matches(r, filter)) rows.add(r);
        }
        if (state.sortColumn >= 0 && state.sortColumn < size()) rows.sort(comparator(state.sortColumn, state.descending));
        if (state.tree && pid >= 0 && ppid >= 0) return tree(rows);
        List<Line> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) out.add(new Line(r, ""));
        return out;
    }

    boolean matches(Object[] row, String needleLower) {
        if (commandOf(row).toLowerCase(Locale.ROOT).contains(needleLower)) return true;
        for (int i = 0; i < row.length; i++) {
            if (i != command && !displays[i].isHidden() && row[i] != null
                    && row[i].toString().toLowerCase(Locale.ROOT).contains(needleLower)) return true;
        }
        return false;
    }

    private Comparator<Object[]> comparator(int column, boolean descending) {
        Comparator<Object[]> c = (a, b) -> compare(a[column], b[column]);
        Comparator<Object[]> ordered = descending ? c.reversed() : c;
        // NULLs last whichever way the column sorts.
        return (a, b) -> {
            boolean na = a[column] == null, nb = b[column] == null;
            if (na || nb) return na == nb ? 0 : na ? 1 : -1;
            return ordered.compare(a, b);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
        if (a instanceof String x && b instanceof String y) return x.compareToIgnoreCase(y);
        if (a instanceof Comparable x && a.getClass() == b.getClass()) return x.compareTo(b);
        return a.toString().compareTo(b.toString());
    }

    /** Children under their parent, siblings in sort order; rows whose parent is not shown are roots. */
    private List<Line> tree(List<Object[]> sorted) {
        Map<Integer, Object[]> byPid = new HashMap<>(sorted.size() * 2);
        for (Object[] r : sorted) {
            Integer p = pidOf(r);
            if (p != null) byPid.put(p, r);
        }
        Map<Integer, List<Object[]>> children = new LinkedHashMap<>();
        List<Object[]> roots = new ArrayList<>();
        for (Object[] r : sorted) {
            Integer p = pidOf(r);
            Integer parent = row(r, ppid);
            if (p == null || parent == null || parent.equals(p) || !byPid.containsKey(parent)) roots.add(r);
            else children.computeIfAbsent(parent, k -> new ArrayList<>()).add(r);
        }
        List<Line> out = new ArrayList<>(sorted.size());
        for (Object[] r : roots) walk(r, "", "", children, out);
        return out;
    }

    private void walk(Object[] r, String branch, String indent, Map<Integer, List<Object[]>> children, List<Line> out) {
        out.add(new Line(r, branch));
        List<Object[]> kids = children.remove(pidOf(r)); // remove: a pid cycle cannot loop forever
        if (kids == null) return;
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            walk(kids.get(i), indent + (last ? "└─ " : "├─ "), indent + (last ? "   " : "│  "), children, out);
        }
    }

    private static Integer row(Object[] r, int i) {
        return r[i] instanceof Number n ? n.intValue() : null;
    }

    private static boolean isNumeric(int jdbcType) {
        return switch (jdbcType) {
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.DOUBLE, Types.FLOAT, Types.REAL,
                 Types.DECIMAL, Types.NUMERIC -> true;
            default -> false;
        };
    }
}
