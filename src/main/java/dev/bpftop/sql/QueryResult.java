package dev.bpftop.sql;

import java.util.List;

/** A finished query: column names, their JDBC types and the rows, ready for any renderer. */
public record QueryResult(List<String> columns, List<Integer> jdbcTypes, List<Object[]> rows, Timings timings) {

    /** Nanoseconds spent collecting the snapshot and running the query, shown apart by `.timer`. */
    public record Timings(long collectNs, long queryNs) {}
}
