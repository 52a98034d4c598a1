package dev.bpftop.sql;

/** A column as completion and the live view see it: name, SQL type, description ("" for a view's). */
public record ColumnInfo(String name, String type, String description) {}
