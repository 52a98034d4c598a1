package dev.bpftop.sql;

import com.google.common.base.Suppliers;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.ViewTable;

/**
 * A shipped view, parsed the first time a statement names it: parsing every view up front would
 * cost each one-liner some 35 ms for views it rarely reads.
 */
final class ShippedView implements TableMacro {
    private final Supplier<TableMacro> macro;

    ShippedView(SchemaPlus schema, String name, String text) {
        macro = Suppliers.memoize(() -> ViewTable.viewMacro(schema, Views.canonical(Views.body(text)),
                List.of(Session.SCHEMA), List.of(Session.SCHEMA, name), false));
    }

    @Override
    public TranslatableTable apply(List<? extends Object> arguments) {
        return macro.get().apply(arguments);
    }

    @Override
    public List<FunctionParameter> getParameters() {
        return List.of();
    }
}
