package dev.bpftop.live;

import dev.bpftop.sql.Column;
import dev.bpftop.sql.Display;
import dev.bpftop.sql.PreparedQuery;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What a result's columns are, by position: the declared column behind each, whose display facts
 * and role the screen takes, or none (an expression, a renamed column: shown generically). The
 * default view also says which columns it only reads (the tree's ppid, a kernel thread's comm) and
 * which it shows only when some row has a value (no GPU, no containers: no column).
 */
record Columns(List<Optional<Column<?>>> declared, List<Use> uses, boolean defaultView) {
    enum Use { SHOWN, OPTIONAL, READ }

    /** A query's own columns: each shown as declared, or generically. */
    static Columns of(PreparedQuery query) {
        List<Optional<Column<?>>> declared = query.declared();
        return new Columns(declared, Collections.nCopies(declared.size(), Use.SHOWN), false);
    }

    Display display(int i, String name, boolean numeric) {
        Optional<Column<?>> c = i < declared.size() ? declared.get(i) : Optional.empty();
        Display d = c.map(Column::display).orElseGet(() -> Display.generic(name, numeric));
        return use(i) == Use.READ ? d.hidden() : d;
    }

    boolean optional(int i) { return use(i) == Use.OPTIONAL; }

    private Use use(int i) { return i < uses.size() ? uses.get(i) : Use.SHOWN; }
}
