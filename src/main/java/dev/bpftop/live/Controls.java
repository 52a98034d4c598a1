package dev.bpftop.live;

import dev.bpftop.sql.SqlError;

/**
 * What each key does: htop's keys on the table, text keys in a prompt, arrows and Enter in a
 * dialog. Sorting, filtering and searching rearrange the last rows; editing and H/K replace the
 * query; the dialogs signal, freeze and thaw the selected process. In a replay ← → [ ] step in
 * time, and the keys that act on a process are refused: its pid is not a live one.
 */
final class Controls {
    private final LiveQuery query;
    private final Rows rows;
    private final Modal modal;
    private final FreezeActions freezing;
    private final Screen screen;
    private boolean quit;

    Controls(LiveQuery query, Rows rows, Modal modal, FreezeActions freezing, Screen screen) {
        this.query = query;
        this.rows = rows;
        this.modal = modal;
        this.freezing = freezing;
        this.screen = screen;
    }

    boolean quit() { return quit; }

    void handle(Keys.Op op, String typed) {
        switch (modal.mode()) {
            case SEARCH, FILTER, EDIT -> prompt(op, typed);
            case SIGNAL -> {
                if (modal.dialogKey(op, Signals.ALL.size()) == Modal.Answer.CONFIRMED) signal(Signals.ALL.get(modal.choice()));
            }
            case FREEZE -> {
                if (modal.dialogKey(op, 1) == Modal.Answer.CONFIRMED) apply(() -> freezing.apply(modal.proposal()));
            }
            case HELP -> modal.close();
            case NORMAL -> table(op);
        }
    }

    private void table(Keys.Op op) {
        modal.clearMessage();
        int page = Math.max(1, screen.bodyHeight() - 1);
        ViewState state = rows.state;
        switch (op) {
            case UP -> rows.select(state.selected - 1);
            case DOWN -> rows.select(state.selected + 1);
            case PAGE_UP -> rows.select(state.selected - page);
            case PAGE_DOWN -> rows.select(state.selected + page);
            case HOME -> rows.select(0);
            case END -> rows.select(rows.lines().size() - 1);
            case SORT_CPU -> sortBy("cpu_pct");
            case SORT_MEM -> sortBy(rows.grid() != null && rows.grid().index("mem_pct") >= 0 ? "mem_pct" : "rss");
            case SORT_TIME -> sortBy("cpu_time");
            case SORT_NET -> sortBy("net_rate");
            case SORT_IO -> sortBy("io_rate");
            case SORT_PREVIOUS -> rows.moveSort(-1);
            case SORT_NEXT -> rows.moveSort(1);
            case INVERT -> rows.invert();
            case TREE -> { if (!rows.toggleTree()) modal.flash("the tree needs pid and ppid columns", true); }
            case SEARCH -> modal.prompt(Modal.Mode.SEARCH, "Search: ", "");
            case NEXT_MATCH -> rows.searchFrom(state.selected + 1);
            case FILTER -> modal.prompt(Modal.Mode.FILTER, "Filter: ", state.filter);
            case EDIT -> modal.prompt(Modal.Mode.EDIT, "SQL: ", query.text());
            case THREADS -> toggleDefault(true);
            case KERNEL -> toggleDefault(false);
            case LEFT, EARLIER -> query.step(false);
            case RIGHT, LATER -> query.step(true);
            case SIGNAL, FREEZE, THAW, THAW_NOW -> { if (!refusedInReplay(op)) act(op); }
            case HELP -> modal.openHelp();
            case QUIT -> quit = true;
            case ESCAPE -> { if (!state.filter.isEmpty()) rows.filter(""); }
            default -> { }
        }
    }

    private void act(Keys.Op op) {
        switch (op) {
            case SIGNAL -> { if (selectedPid() != null) modal.openSignals(); }
            case FREEZE -> propose(true);
            case THAW -> propose(false);
            default -> {
                Integer pid = selectedPid();
                if (pid != null) apply(() -> freezing.thawNow(pid));
            }
        }
    }

    /** A recorded pid may be gone, or another process's by now: nothing is sent to it, frozen or thawed. */
    private boolean refusedInReplay(Keys.Op op) {
        if (!query.replaying()) return false;
        modal.flash((op == Keys.Op.SIGNAL ? "signals" : "FREEZE and THAW") + " act on live processes only: this is a replay of a recording", true);
        return true;
    }

    private void prompt(Keys.Op op, String typed) {
        LineInput input = modal.input();
        switch (op) {
            case ENTER -> { finishPrompt(input); return; }
            case ESCAPE -> {
                if (modal.mode() == Modal.Mode.FILTER) rows.filter("");
                modal.close();
                return;
            }
            case BACKSPACE -> input.backspace();
            case LEFT -> input.left();
            case RIGHT -> input.right();
            case HOME -> input.home();
            case END -> input.end();
            case KILL_LINE -> input.clear();
            case TEXT -> input.insert(typed);
            default -> { }
        }
        // Search and filter follow each keystroke, as in htop.
        if (modal.mode() == Modal.Mode.SEARCH) {
            rows.state.search = input.text();
            rows.searchFrom(rows.state.selected);
        }
        if (modal.mode() == Modal.Mode.FILTER) rows.filter(input.text());
    }

    private void finishPrompt(LineInput input) {
        if (modal.mode() == Modal.Mode.EDIT) {
            try {
                query.edit(input.text().strip());
            } catch (SqlError e) {
                modal.flash(e.oneLine(), true); // stay in the editor with the text, so it can be fixed
                return;
            }
        }
        modal.close();
    }

    private void sortBy(String column) {
        if (!rows.sortBy(column)) modal.flash("no " + column + " column in this query, or no values in it", true);
    }

    private void toggleDefault(boolean threads) {
        if (!query.toggle(threads)) modal.flash((threads ? "H" : "K") + " changes the default view; edit this query (e) instead", true);
    }

    private Integer selectedPid() {
        if (rows.selectedRow() == null) return null;
        Integer pid = rows.selectedPid();
        if (pid == null) modal.flash("this query has no pid column", true);
        return pid;
    }

    private void signal(Signals.Sig sig) {
        Integer pid = selectedPid();
        if (pid == null) return;
        String err = Signals.send(pid, sig);
        modal.flash(err != null ? err : "sent " + sig.name() + " to " + pid, err != null);
    }

    /** The dialog shows the FREEZE/THAW plan; a refusal (bpftop's own cgroup, pid 1, not frozen…) is the message instead. */
    private void propose(boolean freeze) {
        Integer pid = selectedPid();
        if (pid == null) return;
        try {
            modal.openPlan(freezing.propose(freeze, pid));
        } catch (SqlError e) {
            modal.flash(e.getMessage(), true);
        }
    }

    private void apply(FreezeActions.Act act) {
        try {
            modal.flash(act.run(), false);
        } catch (SqlError e) {
            modal.flash(e.getMessage(), true);
        }
    }
}
