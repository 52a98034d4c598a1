package dev.bpftop.live;

/** What the person chose on screen; survives ticks and query edits. */
final class ViewState {
    /** Result column to sort by; -1 keeps the query's own order. */
    int sortColumn = -1;
    boolean descending = true;
    boolean tree;
    String filter = "";
    String search = "";
    /** The selected row, followed by pid across ticks; null when the rows have no pid. */
    Integer selectedPid;
    int selected;
    int top;
}
