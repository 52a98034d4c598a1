package dev.bpftop.sql;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;

/**
 * Calcite's default types with one change: CASE branches of different lengths give VARCHAR, not a
 * blank-padded CHAR ('root' would come back as 'root  ' next to 'kernel').
 */
public final class BpftopTypeSystem extends RelDataTypeSystemImpl {
    public static final BpftopTypeSystem INSTANCE = new BpftopTypeSystem();

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() { return true; }
}
