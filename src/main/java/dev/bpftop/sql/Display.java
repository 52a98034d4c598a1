package dev.bpftop.sql;

import java.util.Locale;

/**
 * How a column shows on a screen that has room for only so much (the live view): htop's header,
 * the kind of value (which sets its format and alignment), its least width, and which columns a
 * narrow terminal gives up first. Declared with the column; a column that declares nothing, and
 * a query's expression, show generically: the name in upper case, as wide as it is.
 *
 * @param drop which columns leave first when the terminal is narrow (higher goes first; 0 never)
 * @param role what a viewer reads the column as besides a value: the row's process, its parent,
 *             its name, whether it is frozen
 */
public record Display(String header, Kind kind, int width, int drop, Role role) {

    public enum Kind {
        /** A whole number. */
        INT,
        /** Any other number, as SQL gives it. */
        NUMBER,
        /** Bytes, in htop's KiB/M/G. */
        BYTES,
        /** A percentage with one decimal. */
        PCT,
        /** Seconds as htop's TIME+. */
        TIME,
        TEXT,
        /** The command line, which takes the width left over. */
        COMMAND,
        /** Read by the viewer (colors, the tree) but not shown as a column of its own. */
        HIDDEN;

        public boolean rightAligned() { return this == INT || this == NUMBER || this == BYTES || this == PCT || this == TIME; }
    }

    public enum Role { NONE, PID, TID, PPID, COMM, FROZEN }

    private static final int GENERIC_DROP = 5;

    public static Display of(String header, Kind kind, int width, int drop) {
        return new Display(header, kind, width, drop, Role.NONE);
    }

    /** A column or expression without display facts of its own. */
    public static Display generic(String name, boolean numeric) {
        String header = name.toUpperCase(Locale.ROOT);
        return new Display(header, numeric ? Kind.NUMBER : Kind.TEXT, header.length(), GENERIC_DROP, Role.NONE);
    }

    public Display as(Role r) { return new Display(header, kind, width, drop, r); }

    /** The same column read but not shown. */
    public Display hidden() { return new Display(header, Kind.HIDDEN, 0, 0, role); }

    public boolean isHidden() { return kind == Kind.HIDDEN; }

    static boolean numeric(ColumnType type) {
        return type == ColumnType.INTEGER || type == ColumnType.BIGINT || type == ColumnType.DOUBLE;
    }
}
