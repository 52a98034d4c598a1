package dev.bpftop.agent;

import java.util.List;

/**
 * One client's run: its command-line arguments and what its own terminal is, so that the agent
 * renders as a standalone run in the client's place would.
 *
 * @param args     the arguments after the program name, as the client got them
 * @param terminal standard input and output are both a terminal (what the JVM's console reports)
 * @param width    the terminal's columns (COLUMNS, else the terminal's size); 0 when unknown
 */
public record Request(List<String> args, boolean terminal, int width) {
    public Request {
        args = List.copyOf(args);
    }
}
