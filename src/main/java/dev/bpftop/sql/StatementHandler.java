package dev.bpftop.sql;

/** A statement that is not plain SQL (DESCRIBE, FREEZE, THAW…), recognised by its first words. */
public interface StatementHandler {
    boolean accepts(String statement);

    QueryResult execute(String statement, Session session) throws SqlError;
}
