package dev.bpftop.shell;

/**
 * Asks the person at the terminal a yes/no question before a statement changes something (FREEZE,
 * THAW). The REPL answers by prompting; without a terminal nobody can answer, so the answer is no.
 */
@FunctionalInterface
public interface Confirm {
    Confirm NOBODY = question -> false;

    /** @return true only when the person answered yes */
    boolean ask(String question);
}
