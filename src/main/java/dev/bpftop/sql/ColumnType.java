package dev.bpftop.sql;

import org.apache.calcite.sql.type.SqlTypeName;

/** The few SQL types our tables use. TIMESTAMP values are carried as local wall-clock epoch millis. */
public enum ColumnType {
    INTEGER(SqlTypeName.INTEGER),
    BIGINT(SqlTypeName.BIGINT),
    DOUBLE(SqlTypeName.DOUBLE),
    BOOLEAN(SqlTypeName.BOOLEAN),
    VARCHAR(SqlTypeName.VARCHAR),
    TIMESTAMP(SqlTypeName.TIMESTAMP);

    final SqlTypeName sqlType;

    ColumnType(SqlTypeName sqlType) { this.sqlType = sqlType; }

    public SqlTypeName sqlType() { return sqlType; }
}
