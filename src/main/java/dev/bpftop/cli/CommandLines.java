package dev.bpftop.cli;

import java.util.concurrent.ConcurrentLinkedDeque;
import picocli.CommandLine;

/**
 * Built command lines for the agent's requests. picocli builds a command's model by reflection over
 * Main and its subcommands; in a warm agent that was more than half of a one-liner's CPU. A built one
 * is used again, since picocli sets every option back to its initial value before each parse; one
 * whose run did not end plainly is dropped (a statement stopped half-way may still hold its Main).
 */
final class CommandLines {
    private static final int KEEP = 8;
    private final ConcurrentLinkedDeque<CommandLine> idle = new ConcurrentLinkedDeque<>();

    /** A command line over a Main of its own, ready to parse. */
    CommandLine take() {
        CommandLine cl = idle.pollFirst();
        return cl != null ? cl : Main.commandLine(new Main.WithSubcommands());
    }

    void give(CommandLine cl) {
        if (idle.size() < KEEP) idle.addFirst(cl);
    }
}
