package dev.bpftop.live;

import dev.bpftop.render.Sanitizer;

/**
 * What the keys have opened over the table: a one-line prompt (search, filter, edit), a dialog
 * (signal, freeze/thaw plan), the help, or nothing; and the message the footer shows. A dialog
 * keeps the choice its arrows moved to; the Enter that confirms it closes it first.
 */
final class Modal {
    enum Mode { NORMAL, SEARCH, FILTER, EDIT, SIGNAL, FREEZE, HELP }

    /** What a key did to an open dialog. */
    enum Answer { STAY, CONFIRMED, CANCELLED }

    private Mode mode = Mode.NORMAL;
    private LineInput input;
    private int choice;
    private FreezeActions.Proposal proposal;
    private String message;
    private boolean messageIsError;

    Mode mode() { return mode; }

    /** The search, filter and edit prompts read text, not commands. */
    boolean prompting() { return mode == Mode.SEARCH || mode == Mode.FILTER || mode == Mode.EDIT; }

    boolean dialogOpen() { return mode == Mode.SIGNAL || mode == Mode.FREEZE || mode == Mode.HELP; }

    LineInput input() { return input; }

    int choice() { return choice; }

    FreezeActions.Proposal proposal() { return proposal; }

    void prompt(Mode prompt, String label, String initial) {
        mode = prompt;
        input = new LineInput(label, initial);
    }

    void openSignals() {
        mode = Mode.SIGNAL;
        choice = 0;
    }

    void openPlan(FreezeActions.Proposal plan) {
        proposal = plan;
        mode = Mode.FREEZE;
        choice = 0;
    }

    void openHelp() { mode = Mode.HELP; }

    void close() { mode = Mode.NORMAL; }

    /** Up and Down move among {@code choices}; Enter confirms and Esc or q cancels, both closing the dialog. */
    Answer dialogKey(Keys.Op op, int choices) {
        switch (op) {
            case UP -> choice = Math.max(0, choice - 1);
            case DOWN -> choice = Math.min(choices - 1, choice + 1);
            case ENTER -> { close(); return Answer.CONFIRMED; }
            case ESCAPE, QUIT -> { close(); return Answer.CANCELLED; }
            default -> { }
        }
        return Answer.STAY;
    }

    String message() { return message; }

    boolean messageIsError() { return messageIsError; }

    void flash(String text, boolean error) {
        message = Sanitizer.forTerminal(text); // names processes and paths as they are
        messageIsError = error;
    }

    void clearMessage() { message = null; }
}
